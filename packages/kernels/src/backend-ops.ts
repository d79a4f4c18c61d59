import { getKernel, util } from '@tensorflow/tfjs-core';
import type { KernelBackend, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';

/**
 * The handful of backend primitives the Gantry kernels are composed from.
 *
 * Kernels run *inside* the engine (tfjs has already entered the kernel scope),
 * so they must not call high-level `tf.*` ops: those would create engine
 * tensors and record them on the gradient tape. Instead, like tfjs' own
 * composite kernels (e.g. wasm `BatchMatMul`, `BatchToSpaceND`), they call the
 * backend's registered kernel functions directly on `TensorInfo`s and release
 * every intermediate with `backend.disposeData(dataId)`.
 */
export interface BackendOps {
  /** Name of the backend the ops run on ('wasm' | 'cpu'). */
  readonly backendName: string;
  /** The backend instance passed to the kernel. */
  readonly backend: KernelBackend;
  /** Run the backend's registered kernel `name` and return its (single) output. */
  run(name: string, inputs: NamedTensorInfoMap, attrs?: NamedAttrMap): TensorInfo;
  /** Release one intermediate produced by {@link run} or {@link alloc}. */
  dispose(info: TensorInfo): void;
  /** Allocate a float32 tensor; contents are zero-filled unless `zero` is false. */
  alloc(shape: number[], zero?: boolean): TensorInfo;
  /**
   * A live, writable `Float32Array` view of a float32 tensor's storage.
   * On wasm the view points into the heap and is invalidated by any later
   * allocation (heap growth detaches it): take views after allocating.
   */
  view(info: TensorInfo): Float32Array;
  /** Same data, new shape (no copy, no new dataId; do not dispose it separately). */
  reshape(info: TensorInfo, shape: number[]): TensorInfo;
}

interface WasmBackendLike extends KernelBackend {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array;
}

interface CpuBackendLike extends KernelBackend {
  makeTensorInfo(shape: number[], dtype: 'float32', values?: Float32Array): TensorInfo;
  data: { get(dataId: object): { values: Float32Array } };
}

function runKernel(backendName: string, backend: KernelBackend, name: string, inputs: NamedTensorInfoMap, attrs: NamedAttrMap): TensorInfo {
  const config = getKernel(name, backendName);
  if (config == null) throw new Error(`@gantry/kernels: kernel ${name} is not registered for backend '${backendName}'`);
  const out = config.kernelFunc({ inputs, backend, attrs });
  if (Array.isArray(out)) throw new Error(`@gantry/kernels: kernel ${name} returned several outputs`);
  return out as TensorInfo;
}

/** {@link BackendOps} over the wasm backend (views straight into the wasm heap). */
export function wasmOps(backend: KernelBackend): BackendOps {
  const b = backend as WasmBackendLike;
  return {
    backendName: 'wasm',
    backend,
    run: (name, inputs, attrs = {}) => runKernel('wasm', backend, name, inputs, attrs),
    dispose: (info) => { backend.disposeData(info.dataId); },
    alloc: (shape, zero = true) => {
      const info = b.makeOutput(shape, 'float32');
      if (zero) b.typedArrayFromHeap(info).fill(0);
      return info;
    },
    view: (info) => b.typedArrayFromHeap(info),
    reshape: (info, shape) => ({ dataId: info.dataId, shape, dtype: info.dtype }),
  };
}

/** {@link BackendOps} over the cpu backend (views are the backing `values` arrays). */
export function cpuOps(backend: KernelBackend): BackendOps {
  const b = backend as CpuBackendLike;
  return {
    backendName: 'cpu',
    backend,
    run: (name, inputs, attrs = {}) => runKernel('cpu', backend, name, inputs, attrs),
    dispose: (info) => { backend.disposeData(info.dataId); },
    alloc: (shape) => b.makeTensorInfo(shape, 'float32', new Float32Array(util.sizeFromShape(shape))),
    view: (info) => b.data.get(info.dataId).values,
    reshape: (info, shape) => ({ dataId: info.dataId, shape, dtype: info.dtype }),
  };
}
