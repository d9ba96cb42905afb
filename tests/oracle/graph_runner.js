// Runs a decoded TensorFlow GraphDef with TensorFlow.js (CPU backend): the core of the oracle's
// command-line runners (run_graph.js, run_saved_model.js).
'use strict';
// stdout carries the result alone: tfjs's banners and hints (some printed as it loads) go to stderr.
console.log = console.warn = console.info = (...args) => console.error(...args);
const path = require('path');
const protobuf = require('protobufjs');
const tf = require('@tensorflow/tfjs-core');
require('@tensorflow/tfjs-backend-cpu');
const converter = require('@tensorflow/tfjs-converter');

const DT_FLOAT = 1, DT_INT32 = 3, DT_INT64 = 9, DT_BOOL = 10;

// tfjs takes Const values as a weight manifest beside the topology: split them out.
function constWeight(node) {
  const t = node.attr.value.tensor;
  const shape = ((t.tensorShape && t.tensorShape.dim) || []).map(d => Number(d.size));
  const count = shape.reduce((a, b) => a * b, 1);
  const content = t.tensorContent && t.tensorContent.length ? Uint8Array.from(t.tensorContent) : null;
  const fill = (Ctor, list) => {
    if (content) return new Ctor(content.buffer, content.byteOffset, content.byteLength / Ctor.BYTES_PER_ELEMENT);
    const out = new Ctor(count);
    // TensorFlow repeats the last listed value to fill the shape.
    for (let i = 0; i < count; i++) out[i] = list.length ? Number(list[Math.min(i, list.length - 1)]) : 0;
    return out;
  };
  switch (t.dtype) {
    case DT_FLOAT: return { spec: { name: node.name, shape, dtype: 'float32' }, data: fill(Float32Array, t.floatVal || []) };
    case DT_INT32: return { spec: { name: node.name, shape, dtype: 'int32' }, data: fill(Int32Array, t.intVal || []) };
    case DT_INT64: {
      // tfjs has no int64: it reads int64 weights as int32, as its converter does.
      const wide = content ? new BigInt64Array(content.buffer, content.byteOffset, content.byteLength / 8) : null;
      const list = t.int64Val || [];
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = wide ? Number(wide[i]) : (list.length ? Number(list[Math.min(i, list.length - 1)]) : 0);
      return { spec: { name: node.name, shape, dtype: 'int32' }, data: out };
    }
    case DT_BOOL: return { spec: { name: node.name, shape, dtype: 'bool' }, data: fill(Uint8Array, (t.boolVal || []).map(b => (b ? 1 : 0))) };
    default: throw new Error(`Const '${node.name}': dtype ${t.dtype} is not supported by the oracle`);
  }
}

// tfjs looks a Const's value up by node name in one weight map shared by the graph and every
// function of its library (While/If bodies): give each function's Consts names no other node has,
// and point the function's references at them.
function renameFunctionConsts(graph) {
  const functions = (graph.library && graph.library.function) || [];
  functions.forEach((f, index) => {
    const renamed = new Map();
    for (const node of f.nodeDef || []) {
      if (node.op !== 'Const') continue;
      const name = `__function${index}__${node.name}`;
      renamed.set(node.name, name);
      node.name = name;
    }
    const rename = ref => {
      const control = ref.startsWith('^');
      const [nodeName, ...rest] = (control ? ref.slice(1) : ref).split(':');
      if (!renamed.has(nodeName)) return ref;
      return (control ? '^' : '') + [renamed.get(nodeName), ...rest].join(':');
    };
    for (const node of f.nodeDef || []) node.input = (node.input || []).map(rename);
    for (const key of Object.keys(f.ret || {})) f.ret[key] = rename(f.ret[key]);
  });
}

function encodeValue(v) {
  return Number.isFinite(v) ? v : (Number.isNaN(v) ? 'NaN' : (v > 0 ? 'Infinity' : '-Infinity'));
}

function decodeValue(v) {
  return typeof v === 'string' ? Number(v) : v;
}

// The oracle's own TensorFlow messages: graph.proto, and saved_model.proto for SavedModels.
function messages() {
  return protobuf.loadSync(path.join(__dirname, 'saved_model.proto'));
}

// Feeds `inputs` ({name: {shape, values, dtype}}) to `graph` (a decoded tensorflow.GraphDef) and
// returns {name: {shape, dtype, values}} for each of `outputs` (node names, or name:index).
async function runGraph(graph, inputs, outputs) {
  await tf.setBackend('cpu');
  const GraphDef = messages().lookupType('tensorflow.GraphDef');
  renameFunctionConsts(graph);
  const specs = [], buffers = [];
  const functionNodes = ((graph.library && graph.library.function) || []).flatMap(f => f.nodeDef || []);
  for (const node of graph.node.concat(functionNodes)) {
    if (node.op !== 'Const') continue;
    const { spec, data } = constWeight(node);
    specs.push(spec);
    buffers.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  }
  const topology = GraphDef.toObject(graph, { enums: String, longs: String, bytes: String, defaults: false });
  const topologyFunctionNodes = ((topology.library && topology.library.function) || []).flatMap(f => f.nodeDef || []);
  for (const node of topology.node.concat(topologyFunctionNodes)) {
    if (node.op === 'Const') {
      const t = node.attr.value.tensor;
      delete t.tensorContent; delete t.floatVal; delete t.intVal; delete t.int64Val; delete t.boolVal;
    }
  }
  if (!topology.versions) topology.versions = { producer: 0 };
  const weights = Buffer.concat(buffers);
  const model = await converter.loadGraphModel(tf.io.fromMemory({
    modelTopology: topology,
    weightSpecs: specs,
    weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.length),
    format: 'graph-model',
  }));

  const feed = {};
  for (const name of Object.keys(inputs)) {
    const { shape, values, dtype } = inputs[name];
    feed[name] = tf.tensor(values.map(decodeValue), shape, dtype || 'float32');
  }
  const results = await model.executeAsync(feed, outputs);
  const list = Array.isArray(results) ? results : [results];
  const out = {};
  outputs.forEach((name, i) => {
    out[name] = { shape: list[i].shape, dtype: list[i].dtype, values: Array.from(list[i].dataSync(), encodeValue) };
  });
  return out;
}

// Runs a command-line main; exit 1 with the error on stderr when the graph cannot load or run.
function cli(main) {
  main(process.argv.slice(2)).then(code => process.exit(code), err => {
    console.error(err && err.stack ? err.stack : String(err));
    process.exit(1);
  });
}

module.exports = { messages, runGraph, cli };
