#!/usr/bin/env node
// The Keras route of the oracle: rebuilds a Keras SavedModel's model from the config in its
// keras_metadata.pb with tfjs-layers (TensorFlow's Keras semantics in JavaScript), sets the
// checkpoint's weights and predicts. Independent of the product: keras_metadata.pb is decoded here,
// and the weights are read from the data file at the offsets an independent LevelDB-based reader
// listed (tests/fixtures-expected/*.tsv, written by eng/tools/tabledump.cc + refdump.py).
//   node keras_run.js SAVED_MODEL_DIR LISTING.tsv INPUT.json
// INPUT.json: run_graph.js's input file holding the model's one input ({"NAME": {"shape": [...], "values": [...]}}). Prints {"output": {"shape": [...], "dtype": "float32", "values": [...]}}.
'use strict';
console.log = console.warn = console.info = (...args) => console.error(...args);
const fs = require('fs');
const path = require('path');
const protobuf = require('protobufjs');
const tf = require('@tensorflow/tfjs-core');
require('@tensorflow/tfjs-backend-cpu');
const tfl = require('@tensorflow/tfjs-layers');

// Initializers draw random numbers tfjs-layers may not know; every weight is set afterwards.
const RANDOM = new Set(['Orthogonal', 'GlorotUniform', 'GlorotNormal', 'RandomNormal', 'RandomUniform', 'TruncatedNormal', 'HeNormal', 'HeUniform', 'LecunNormal', 'LecunUniform', 'VarianceScaling']);

// keras_metadata.pb: SavedMetadata { repeated SavedObject nodes = 1 }, SavedObject { node_path = 3, metadata = 5 }.
function rootConfig(bytes) {
  const reader = protobuf.Reader.create(bytes);
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    if (tag >>> 3 !== 1 || (tag & 7) !== 2) { reader.skipType(tag & 7); continue; }
    const node = protobuf.Reader.create(reader.bytes());
    let nodePath = '', metadata = '';
    while (node.pos < node.len) {
      const t = node.uint32();
      if (t >>> 3 === 3 && (t & 7) === 2) nodePath = node.string();
      else if (t >>> 3 === 5 && (t & 7) === 2) metadata = node.string();
      else node.skipType(t & 7);
    }
    if (nodePath === 'root') return JSON.parse(metadata);
  }
  throw new Error('keras_metadata.pb has no root object');
}

// Keras 2 writes tuples as {"class_name": "__tuple__", "items": [...]}.
function untuple(o) {
  if (Array.isArray(o)) return o.map(untuple);
  if (o && typeof o === 'object') {
    if (o.class_name === '__tuple__') return o.items.map(untuple);
    if (RANDOM.has(o.class_name)) return { class_name: 'Zeros', config: {} };
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, untuple(v)]));
  }
  return o;
}

// float32 checkpoint values of the model's own objects, by key, from the independent listing.
function weights(folder, listing) {
  const data = fs.readFileSync(path.join(folder, 'variables', 'variables.data-00000-of-00001'));
  const values = {};
  for (const line of fs.readFileSync(listing, 'utf8').split('\n')) {
    const p = line.split('\t');
    if (p.length < 6 || p[1] !== 'float32' || !/^(layer_with_weights-\d+|variables\/\d+)\//.test(p[0])) continue;
    const offset = Number(p[4].split('=')[1]), size = Number(p[5].split('=')[1]);
    const copy = new Uint8Array(data.subarray(offset, offset + size));
    values[p[0]] = { shape: JSON.parse(p[2]), values: new Float32Array(copy.buffer) };
  }
  return values;
}

// Layer weights in model order: layer_with_weights-N/<short name> where Keras tracks them by
// name; the others (an RNN's cell weights) are the list variables/0, 1, … in the same order.
function assign(model, values) {
  const byLayer = {}, listed = [];
  for (const [key, value] of Object.entries(values)) {
    const m = key.match(/^layer_with_weights-(\d+)\/([^/]+)\//);
    if (m) (byLayer[m[1]] = byLayer[m[1]] || {})[m[2]] = value;
    else listed.push([Number(key.split('/')[1]), value]);
  }
  listed.sort((a, b) => a[0] - b[0]);
  const tensors = [];
  let index = 0;
  for (const layer of model.layers) {
    if (layer.weights.length === 0) continue;
    const own = byLayer[index++] || {};
    for (const w of layer.weights) {
      const short = w.originalName.split('/').pop().replace(/:0$/, '');
      const value = own[short] || (listed.shift() || [])[1];
      if (!value) throw new Error(`no checkpoint value for ${w.originalName}`);
      tensors.push(tf.tensor(value.values, value.shape));
    }
  }
  model.setWeights(tensors);
}

async function main(argv) {
  if (argv.length !== 3) {
    console.error('usage: node keras_run.js SAVED_MODEL_DIR LISTING.tsv INPUT.json');
    return 2;
  }
  const [folder, listing, inputPath] = argv;
  await tf.setBackend('cpu');
  const root = rootConfig(fs.readFileSync(path.join(folder, 'keras_metadata.pb')));
  const model = await tfl.models.modelFromJSON({ modelTopology: { class_name: root.class_name, config: untuple(root.config) } });
  assign(model, weights(folder, listing));
  const inputs = Object.values(JSON.parse(fs.readFileSync(inputPath, 'utf8')));
  if (inputs.length !== 1) throw new Error(`the Keras route feeds one input; ${inputPath} has ${inputs.length}`);
  const input = inputs[0];
  const y = model.predict(tf.tensor(input.values, input.shape));
  process.stdout.write(JSON.stringify({ output: { shape: y.shape, dtype: y.dtype, values: Array.from(y.dataSync()) } }));
  return 0;
}

main(process.argv.slice(2)).then(code => process.exit(code), err => {
  console.error(err && err.stack ? err.stack : String(err));
  process.exit(1);
});
