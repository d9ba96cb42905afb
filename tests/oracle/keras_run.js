#!/usr/bin/env node
// The Keras route of the oracle: rebuilds a Keras SavedModel with tfjs-layers from the model config
// in its keras_metadata.pb, sets the checkpoint's weights and predicts. Shares nothing with the
// product: keras_metadata.pb and the index entries are decoded with keras.proto (the oracle's own
// declarations), the index table is read by LevelDB itself (eng/tools/tabledump), tensor bytes are
// taken from the data shard at the entry's offset and checked against its size and dtype.
//   node keras_run.js SAVED_MODEL_DIR TABLEDUMP INPUTS.json
// INPUTS.json: {"input": {"shape": [...], "values": [...]}} (one float32 input).
// Prints {"output": {"shape": [...], "dtype": "float32", "values": [...]}}.
'use strict';
console.log = console.warn = console.info = (...args) => console.error(...args);
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const protobuf = require('protobufjs');
const tf = require('@tensorflow/tfjs-core');
require('@tensorflow/tfjs-backend-cpu');
const tfl = require('@tensorflow/tfjs-layers');

const DT_FLOAT = 1;
const SUFFIX = '/.ATTRIBUTES/VARIABLE_VALUE';
// Every weight is set from the checkpoint afterwards: random initializers would only cost time.
const RANDOM_INITIALIZERS = new Set(['Orthogonal', 'GlorotUniform', 'GlorotNormal', 'RandomNormal', 'RandomUniform', 'TruncatedNormal',
  'HeNormal', 'HeUniform', 'LecunNormal', 'LecunUniform', 'VarianceScaling']);

// Keras 2 writes tuples as {"class_name": "__tuple__", "items": [...]}; tfjs-layers reads lists.
function plain(value) {
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object') {
    if (value.class_name === '__tuple__') return value.items.map(plain);
    if (RANDOM_INITIALIZERS.has(value.class_name)) return { class_name: 'Zeros', config: {} };
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

function modelConfig(folder, messages) {
  const metadata = messages.lookupType('oracle.keras.SavedMetadata').decode(fs.readFileSync(path.join(folder, 'keras_metadata.pb')));
  const root = metadata.nodes.find(n => n.nodePath === 'root');
  if (!root) throw new Error('keras_metadata.pb has no root object');
  const model = JSON.parse(root.metadata);
  return { class_name: model.class_name, config: plain(model.config) };
}

// Float32 variables by checkpoint key: LevelDB lists the index, keras.proto decodes each entry.
function checkpoint(folder, tabledump, messages) {
  const prefix = path.join(folder, 'variables', 'variables');
  const listing = execFileSync(tabledump, [prefix + '.index'], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const Entry = messages.lookupType('oracle.keras.BundleEntry');
  const Header = messages.lookupType('oracle.keras.BundleHeader');
  const rows = listing.split('\n').filter(Boolean).map(line => line.split('\t').map(h => Buffer.from(h, 'hex')));
  const header = rows.find(([key]) => key.length === 0);
  const shards = header ? Header.decode(header[1]).numShards || 1 : 1;
  const data = new Map();
  const variables = {};
  for (const [key, value] of rows) {
    if (key.length === 0) continue;
    const entry = Entry.decode(value);
    if (entry.dtype !== DT_FLOAT || entry.slices.length) continue;
    const shape = ((entry.shape && entry.shape.dim) || []).map(d => Number(d.size));
    const count = shape.reduce((a, d) => a * d, 1);
    if (Number(entry.size) !== 4 * count) throw new Error(`${key}: ${entry.size} bytes for shape [${shape}]`);
    const shard = entry.shardId || 0;
    const file = `${prefix}.data-${String(shard).padStart(5, '0')}-of-${String(shards).padStart(5, '0')}`;
    if (!data.has(file)) data.set(file, fs.readFileSync(file));
    const bytes = data.get(file).subarray(Number(entry.offset), Number(entry.offset) + Number(entry.size));
    const values = new Float32Array(count);
    Buffer.from(values.buffer).set(bytes);
    variables[key.toString('utf8')] = { shape, values };
  }
  return variables;
}

// The checkpoint value of each tfjs weight: layer_with_weights-N is the N-th layer that has weights,
// the weight found by its attribute name (kernel, bias, moving_mean...), or, for a recurrent layer's
// cell, by the position its weights have under the model's `variables` list.
function setWeights(model, variables) {
  const listed = Object.keys(variables).filter(k => /^variables\/\d+\//.test(k)).sort((a, b) => Number(a.split('/')[1]) - Number(b.split('/')[1]));
  let index = 0;
  for (const layer of model.layers) {
    if (layer.weights.length === 0) continue;
    const values = [];
    for (const weight of layer.weights) {
      const attribute = weight.originalName.split('/').pop().replace(/:0$/, '');
      const key = `layer_with_weights-${index}/${attribute}${SUFFIX}`;
      const found = variables[key] || variables[listed.shift()];
      if (!found) throw new Error(`no checkpoint value for ${weight.originalName} (looked for ${key})`);
      if (found.shape.join(',') !== weight.shape.join(',')) throw new Error(`${key}: checkpoint shape [${found.shape}], layer weight [${weight.shape}]`);
      values.push(tf.tensor(found.values, found.shape));
    }
    // Per layer, in the layer's own weight order (a model lists trainable weights of all layers first).
    layer.setWeights(values);
    index++;
  }
}

async function main(argv) {
  if (argv.length !== 3) {
    console.error('usage: node keras_run.js SAVED_MODEL_DIR TABLEDUMP INPUTS.json');
    return 2;
  }
  const [folder, tabledump, inputsPath] = argv;
  await tf.setBackend('cpu');
  const messages = protobuf.loadSync(path.join(__dirname, 'keras.proto'));
  const model = await tfl.models.modelFromJSON({ modelTopology: modelConfig(folder, messages) });
  setWeights(model, checkpoint(folder, tabledump, messages));
  const inputs = JSON.parse(fs.readFileSync(inputsPath, 'utf8'));
  const input = Object.values(inputs)[0];
  const y = model.predict(tf.tensor(input.values, input.shape, 'float32'));
  process.stdout.write(JSON.stringify({ output: { shape: y.shape, dtype: y.dtype, values: Array.from(y.dataSync()) } }));
  return 0;
}

main(process.argv.slice(2)).then(code => { process.exitCode = code; }, e => { console.error(e.stack || String(e)); process.exitCode = 1; });
