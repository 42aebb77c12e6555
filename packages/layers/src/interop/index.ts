/**
 * @nabla/layers/interop — exchange models with other frameworks: ONNX export (traced, checked in
 * ONNX Runtime), ONNX initializer import, PyTorch/Keras state dicts from safetensors, and
 * PyTorch export (a generated nn.Module plus its state dict).
 */
export { OnnxExportError, OnnxFormatError, PyTorchExportError } from './errors.js';
export { exportOnnx, traceOnnxModel, ONNX_OPSETS, type ExportOnnxOptions, type InputAxes } from './onnx/export-onnx.js';
export { EXPORTABLE_OPS } from './onnx/lower-ops.js';
export { encodeOnnxModel } from './onnx/encode-model.js';
export { decodeOnnxModel } from './onnx/decode-model.js';
export type { OnnxModel, OnnxGraph, OnnxNode, OnnxTensor, OnnxAttribute, OnnxValueInfo } from './onnx/model-proto.js';
export type { OnnxDataType } from './onnx/schema.js';
export { importOnnxInitializers } from './onnx/import-onnx.js';
export { WeightImportError } from './errors.js';
export { importStateDict, importSafetensors, type ImportStateDictOptions } from './state-dict/import-state-dict.js';
export { readForeignSafetensors } from './state-dict/read-foreign-safetensors.js';
export type { WeightLayout } from './state-dict/layouts.js';
export { PYTHON_SAFETENSORS_FILE, PYTHON_SAFETENSORS_SOURCE } from './pytorch/python-safetensors.js';
export { exportPyTorch, pytorchModule, type ExportPyTorchOptions, type PyTorchExport, type PyTorchCustomModule } from './pytorch/export-pytorch.js';
export { pyLiteral, type PythonValue } from './pytorch/python-literal.js';
