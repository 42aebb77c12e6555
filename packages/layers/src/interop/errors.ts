/** Typed errors of the interop module (ONNX export/import, foreign state dicts). */
import { NablaError } from '@nabla/tensor-core';

/** A model that cannot be exported to ONNX: an unsupported op, layer, opset or mode. */
export class OnnxExportError extends NablaError {}

/** Bytes that are not a well-formed ONNX model (or protobuf message). */
export class OnnxFormatError extends NablaError {}

/** A foreign state dict or layout that cannot be mapped onto a Nabla model. */
export class WeightImportError extends NablaError {}

/** A model (or one of its modules, named by path) that cannot be exported to PyTorch. */
export class PyTorchExportError extends NablaError {}
