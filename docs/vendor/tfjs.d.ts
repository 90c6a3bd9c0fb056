export * from "@tensorflow/tfjs";
export {setWasmPaths, getThreadsCount, setThreadsCount} from "@tensorflow/tfjs-backend-wasm";
