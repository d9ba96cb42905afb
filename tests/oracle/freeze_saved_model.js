#!/usr/bin/env node
// Turns a TF2 SavedModel into a frozen GraphDef that run_graph.js runs, with an inliner of its own
// (tfjs has no PartitionedCall kernel): every function call the outputs reach is replaced by its
// body, named {call}/{node}, returning through an IdentityN named after the call; each captured
// variable (the object graph's bound_inputs of the called concrete function) becomes a Const of
// its checkpoint value, ReadVariableOp an Identity; fed tensors become Placeholders; the result is
// pruned to what the outputs need. ResourceGather becomes GatherV2 of that value (tfjs has no resources).
//   node freeze_saved_model.js SAVED_MODEL.pb VARIABLES.json INPUTS.json OUTPUT[,OUTPUT...] OUT.pb
// VARIABLES.json: {"checkpoint key": {"shape": [...], "values": [...]}} (float32 variables).
// INPUTS.json: run_graph.js's input file; its names are the fed tensors (node names) and shapes.
'use strict';
console.log = console.warn = console.info = (...args) => console.error(...args);
const fs = require('fs');
const path = require('path');
const protobuf = require('protobufjs');

const DT_FLOAT = 1;
const DT_INT32 = 3;
const CALLS = new Set(['PartitionedCall', 'StatefulPartitionedCall']);
// Ops whose outputs are several arguments: their names in order (each one tensor).
const OUTPUT_ARGS = {
  FusedBatchNorm: ['y', 'batch_mean', 'batch_variance', 'reserve_space_1', 'reserve_space_2'],
  FusedBatchNormV3: ['y', 'batch_mean', 'batch_variance', 'reserve_space_1', 'reserve_space_2', 'reserve_space_3'],
};

const nodeOf = ref => ref.replace(/^\^/, '').split(':')[0];

// Object path of every object graph node: breadth first from the root, the first path wins,
// '.' escaped as '..' and '/' as '.S' (TensorFlow's checkpoint key rule).
function objectPaths(objects) {
  const paths = new Map([[0, '']]);
  const queue = [0];
  while (queue.length) {
    const id = queue.shift();
    for (const child of objects.nodes[id].children || []) {
      if (paths.has(child.nodeId)) continue;
      const local = child.localName.replace(/\./g, '..').replace(/\//g, '.S');
      paths.set(child.nodeId, id === 0 ? local : paths.get(id) + '/' + local);
      queue.push(child.nodeId);
    }
  }
  return paths;
}

function main(argv) {
  if (argv.length !== 5) {
    console.error('usage: node freeze_saved_model.js SAVED_MODEL.pb VARIABLES.json INPUTS.json OUTPUT[,OUTPUT...] OUT.pb');
    return 2;
  }
  const [modelPath, variablesPath, inputsPath, outputList, outPath] = argv;
  const root = protobuf.loadSync([path.join(__dirname, 'graph.proto'), path.join(__dirname, 'saved_model.proto')]);
  const model = root.lookupType('tensorflow.SavedModel').decode(fs.readFileSync(modelPath));
  const meta = model.metaGraphs.find(m => ((m.metaInfoDef && m.metaInfoDef.tags) || []).includes('serve')) || model.metaGraphs[0];
  const graph = meta.graphDef;
  const variables = JSON.parse(fs.readFileSync(variablesPath, 'utf8'));
  const feeds = JSON.parse(fs.readFileSync(inputsPath, 'utf8'));
  const outputs = outputList.split(',');
  const library = new Map(((graph.library && graph.library.function) || []).map(f => [f.signature.name, f]));
  const objects = meta.objectGraphDef;
  const paths = objectPaths(objects);

  // Top-level node -> checkpoint key of the variable it hands a function as a captured input.
  const captured = new Map();
  for (const node of graph.node) {
    const f = node.attr && node.attr.f && node.attr.f.func;
    const concrete = f && objects.concreteFunctions[f.name];
    if (!concrete || !concrete.boundInputs || !concrete.boundInputs.length) continue;
    const data = node.input.filter(i => !i.startsWith('^'));
    concrete.boundInputs.forEach((id, i) => {
      if (objects.nodes[id].variable) captured.set(nodeOf(data[data.length - concrete.boundInputs.length + i]), paths.get(id) + '/.ATTRIBUTES/VARIABLE_VALUE');
    });
  }

  const flat = [];
  const isCall = node => CALLS.has(node.op) || library.has(node.op);
  function inline(call, name, inputs, depth) {
    if (depth > 50) throw new Error(`calls nested too deep at ${name}`);
    const fname = CALLS.has(call.op) ? call.attr.f.func.name : call.op;
    const attrs = CALLS.has(call.op) ? (call.attr.f.func.attr || {}) : call.attr;
    const fn = library.get(fname);
    if (!fn) throw new Error(`${name} calls ${fname}, which the library lacks`);
    const args = new Map(fn.signature.inputArg.map((a, i) => [a.name, inputs[i]]));
    const body = new Map(fn.nodeDef.map(n => [n.name, n]));
    const resolve = ref => {
      const parts = ref.split(':');
      if (parts.length === 1) return args.has(ref) ? args.get(ref) : `${name}/${ref}`;
      const producer = body.get(parts[0]);
      const index = Number(parts[2]);
      const layout = producer && !isCall(producer) && OUTPUT_ARGS[producer.op];
      const flatIndex = layout ? layout.indexOf(parts[1]) + index
        : producer && library.has(producer.op) ? library.get(producer.op).signature.outputArg.findIndex(a => a.name === parts[1]) + index
        : index;
      return `${name}/${parts[0]}` + (flatIndex ? `:${flatIndex}` : '');
    };
    for (const node of fn.nodeDef) {
      const data = node.input.filter(i => !i.startsWith('^')).map(resolve);
      if (isCall(node)) {
        const resolvedAttrs = {};
        for (const [k, v] of Object.entries(node.attr || {})) resolvedAttrs[k] = v.placeholder ? attrs[v.placeholder] : v;
        inline({ ...node, attr: resolvedAttrs }, `${name}/${node.name}`, data, depth + 1);
        continue;
      }
      const attr = {};
      for (const [k, v] of Object.entries(node.attr || {})) attr[k] = v.placeholder ? attrs[v.placeholder] : v;
      flat.push({ name: `${name}/${node.name}`, op: node.op, input: data, attr });
    }
    const types = fn.signature.outputArg.map(a => a.type || DT_FLOAT);
    flat.push({ name, op: 'IdentityN', input: fn.signature.outputArg.map(a => resolve(fn.ret[a.name])), attr: { T: { list: { type: types } } } });
  }
  for (const node of graph.node) {
    if (isCall(node)) inline(node, node.name, node.input.filter(i => !i.startsWith('^')), 1);
    else flat.push({ ...node, input: node.input.filter(i => !i.startsWith('^')) });
  }

  // Captured variables become their values, fed tensors Placeholders, reads of a variable Identity.
  const byName = new Map();
  for (const node of flat) {
    let result = node;
    if (captured.has(node.name)) {
      const key = captured.get(node.name);
      const value = variables[key];
      result = !value ? { ...node, missing: `no value for ${key} (captured as ${node.name})` } : { name: node.name, op: 'Const', input: [], attr: {
        dtype: { type: DT_FLOAT },
        value: { tensor: { dtype: DT_FLOAT, tensorShape: { dim: value.shape.map(size => ({ size })) }, floatVal: value.values } } } };
    } else if (feeds[node.name]) {
      result = { name: node.name, op: 'Placeholder', input: [], attr: { dtype: { type: DT_FLOAT }, shape: { shape: { dim: feeds[node.name].shape.map(size => ({ size })) } } } };
    } else if (node.op === 'ReadVariableOp') {
      result = { name: node.name, op: 'Identity', input: node.input, attr: { T: { type: DT_FLOAT } } };
    } else if (node.op === 'ResourceGather') {
      // TensorFlow's definition: the variable's value gathered along axis batch_dims.
      const batchDims = Number((node.attr.batch_dims && node.attr.batch_dims.i) || 0);
      const axis = { name: `${node.name}/axis`, op: 'Const', input: [], attr: { dtype: { type: DT_INT32 }, value: { tensor: { dtype: DT_INT32, tensorShape: {}, intVal: [batchDims] } } } };
      byName.set(axis.name, axis);
      result = { name: node.name, op: 'GatherV2', input: [...node.input, axis.name], attr: {
        Tparams: node.attr.dtype, Tindices: node.attr.Tindices, Taxis: { type: DT_INT32 }, batch_dims: { i: batchDims } } };
    }
    byName.set(result.name, result);
  }
  const keep = new Set();
  const pending = outputs.map(nodeOf);
  while (pending.length) {
    const name = pending.pop();
    if (keep.has(name)) continue;
    const node = byName.get(name);
    if (!node) throw new Error(`'${name}' is not in the inlined graph`);
    if (node.missing) throw new Error(node.missing);
    keep.add(name);
    node.input.forEach(i => pending.push(nodeOf(i)));
  }
  const kept = [...byName.values()].filter(n => keep.has(n.name));
  const GraphDef = root.lookupType('tensorflow.GraphDef');
  const frozen = GraphDef.fromObject({ node: kept, library: { function: controlFlowFunctions(kept, library) }, versions: graph.versions });
  fs.writeFileSync(outPath, GraphDef.encode(frozen).finish());
  return 0;
}

// The library functions the kept nodes run as While/If conditions, bodies and branches (tfjs
// executes them itself), with the functions those reach in turn; nothing else of the library.
// A variable passed into a loop is its value here, so a read of it inside (a Keras cell's weights
// in the base RNN's loop) is an Identity.
function controlFlowFunctions(nodes, library) {
  const needed = new Map();
  const pending = [nodes];
  while (pending.length) {
    for (const node of pending.pop()) {
      for (const value of Object.values(node.attr || {})) {
        const name = value && value.func && value.func.name;
        if (!name || needed.has(name) || !library.has(name)) continue;
        const fn = library.get(name);
        needed.set(name, { ...fn, nodeDef: (fn.nodeDef || []).map(n => n.op === 'ReadVariableOp' ? { name: n.name, op: 'Identity', input: n.input, attr: { T: { type: DT_FLOAT } } } : n) });
        pending.push(fn.nodeDef || []);
      }
    }
  }
  return [...needed.values()];
}

try {
  process.exit(main(process.argv.slice(2)));
} catch (err) {
  console.error(err && err.stack ? err.stack : String(err));
  process.exit(1);
}
