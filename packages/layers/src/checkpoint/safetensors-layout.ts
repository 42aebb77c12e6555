/** Constants of the safetensors layout: an 8-byte little-endian header length, the JSON header, then the data. */

/** Bytes of the little-endian u64 header length that opens the buffer. */
export const LENGTH_PREFIX_BYTES = 8;

/** Largest header accepted (as in the reference implementation): 100 MB. */
export const MAX_HEADER_BYTES = 100_000_000;

/** The header key reserved for string metadata. */
export const METADATA_KEY = '__metadata__';

/** True on little-endian hosts, where typed arrays can view safetensors data directly. */
export const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
