/** Converting mean negative log-likelihood (nats per token) into the reported figures. */

/** exp(mean NLL). */
export function perplexity(natsPerToken: number): number {
  return Math.exp(natsPerToken);
}

/** Bits per character: total nats over the characters of the text, in bits. */
export function bitsPerChar(natsPerToken: number, tokens: number, chars: number): number {
  return (natsPerToken * tokens) / chars / Math.LN2;
}
