#!/usr/bin/env node
// Runs one signature of a TF1 SavedModel with TensorFlow.js as TensorFlow's Session.run does:
// the signature's input tensors are fed (any tensor, not only placeholders: the graph is cut
// there, so what computes them, ParseExample say, never runs), its output tensors fetched, and only
// the nodes they need are kept. Variables take the values given in VARIABLES.json.
//   node run_saved_model.js saved_model.pb SIGNATURE VARIABLES.json INPUTS.json
// VARIABLES.json: {"a": {"shape": [], "values": [0.5]}} (VariableV2 nodes by name, float32).
// INPUTS.json: by signature input key, as run_graph.js takes them, or by tensor name (node:index)
// to feed that tensor instead. Prints the outputs by signature
// output key, as run_graph.js does. Exit code 2: usage; 1: the model failed to load or run.
// The cutting and pruning here are the oracle's own, independent of the product's.
'use strict';
const fs = require('fs');
const { messages, runGraph, cli } = require('./graph_runner');

const DT_FLOAT = 1;
const DT_INT32 = 3;

// "node:0" and "node" name one tensor; "^node" is a control input.
function tensorKey(name) {
  const control = name.startsWith('^');
  const bare = control ? name.slice(1) : name;
  const colon = bare.lastIndexOf(':');
  const hasIndex = colon > 0 && /^[0-9]+$/.test(bare.slice(colon + 1));
  return { node: hasIndex ? bare.slice(0, colon) : bare, index: hasIndex ? Number(bare.slice(colon + 1)) : 0, control };
}

// The graph Session.run would execute: fed tensors become placeholders their readers read,
// variables become constants, and nodes nothing fetched needs are dropped.
function cut(graph, feeds, fetches, variables, NodeDef) {
  const fedBy = new Map();
  const nodes = [];
  Object.entries(feeds).forEach(([key, info], i) => {
    const t = tensorKey(info.name);
    const placeholder = `oracle_feed_${i}`;
    fedBy.set(`${t.node}:${t.index}`, placeholder);
    nodes.push(NodeDef.fromObject({ name: placeholder, op: 'Placeholder', attr: { dtype: { type: info.dtype || DT_FLOAT } } }));
  });
  for (const node of graph.node) {
    node.input = node.input.map(input => {
      const t = tensorKey(input);
      return !t.control && fedBy.has(`${t.node}:${t.index}`) ? fedBy.get(`${t.node}:${t.index}`) : input;
    });
    if (node.op === 'VariableV2' || node.op === 'Variable') {
      const v = variables[node.name];
      if (!v) {
        nodes.push(node);
        continue;
      }
      nodes.push(NodeDef.fromObject({
        name: node.name, op: 'Const',
        attr: {
          dtype: { type: DT_FLOAT },
          value: { tensor: { dtype: DT_FLOAT, tensorShape: { dim: v.shape.map(size => ({ size })) }, floatVal: v.values } },
        },
      }));
      continue;
    }
    nodes.push(node);
  }
  const byName = new Map(nodes.map(n => [n.name, n]));
  const needed = new Set();
  const pending = fetches.map(f => tensorKey(f).node);
  while (pending.length) {
    const name = pending.pop();
    if (needed.has(name)) continue;
    const node = byName.get(name);
    if (!node) throw new Error(`the graph has no node '${name}'`);
    needed.add(name);
    node.input.forEach(input => pending.push(tensorKey(input).node));
  }
  graph.node = nodes.filter(n => needed.has(n.name));
  return Object.fromEntries(Object.keys(feeds).map((key, i) => [key, `oracle_feed_${i}`]));
}

async function main(argv) {
  if (argv.length !== 4) {
    console.error('usage: node run_saved_model.js saved_model.pb SIGNATURE VARIABLES.json INPUTS.json');
    return 2;
  }
  const [modelPath, signatureKey, variablesPath, inputsPath] = argv;
  const root = messages();
  const model = root.lookupType('tensorflow.SavedModel').decode(fs.readFileSync(modelPath));
  const meta = model.metaGraphs.find(m => m.signatureDef[signatureKey]);
  if (!meta) throw new Error(`no meta graph has the signature '${signatureKey}'`);
  const signature = meta.signatureDef[signatureKey];
  const outputKeys = Object.keys(signature.outputs).sort();
  const fetches = outputKeys.map(k => {
    const t = tensorKey(signature.outputs[k].name);
    return t.index === 0 ? t.node : `${t.node}:${t.index}`;
  });
  const inputs = JSON.parse(fs.readFileSync(inputsPath, 'utf8'));
  // An input that is no signature key is a tensor name fed instead (the graph cut there as well):
  // a tf.Example signature fed after its ParseExample, with tensors parse_examples.js decoded.
  const feeds = Object.assign({}, signature.inputs);
  for (const key of Object.keys(inputs)) {
    if (!feeds[key] && key.includes(':')) feeds[key] = { name: key, dtype: inputs[key].dtype === 'int32' ? DT_INT32 : DT_FLOAT };
  }
  const placeholders = cut(meta.graphDef, feeds, fetches, JSON.parse(fs.readFileSync(variablesPath, 'utf8')), root.lookupType('tensorflow.NodeDef'));
  const feed = {};
  for (const key of Object.keys(inputs)) {
    if (!placeholders[key]) throw new Error(`the signature '${signatureKey}' has no input '${key}'`);
    feed[placeholders[key]] = inputs[key];
  }
  const results = await runGraph(meta.graphDef, feed, fetches);
  const out = {};
  outputKeys.forEach((key, i) => { out[key] = results[fetches[i]]; });
  process.stdout.write(JSON.stringify(out) + '\n');
  return 0;
}

cli(main);
