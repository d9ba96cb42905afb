#!/usr/bin/env node
// Runs a frozen TensorFlow GraphDef with TensorFlow.js (CPU backend) and prints its outputs.
//   node run_graph.js GRAPH.pb INPUTS.json OUTPUT[,OUTPUT...]
// INPUTS.json: {"x": {"shape": [2, 4], "dtype": "float32", "values": [...]}} (dtype optional).
// Prints {"y": {"shape": [...], "dtype": "float32", "values": [...]}} on stdout; non-finite values
// are written as the strings "NaN", "Infinity", "-Infinity" (JSON has no literal for them).
// Exit code 2: usage; 1: the graph failed to load or run (message on stderr).
'use strict';
const fs = require('fs');
const { messages, runGraph, cli } = require('./graph_runner');

async function main(argv) {
  if (argv.length !== 3) {
    console.error('usage: node run_graph.js GRAPH.pb INPUTS.json OUTPUT[,OUTPUT...]');
    return 2;
  }
  const [graphPath, inputsPath, outputList] = argv;
  const graph = messages().lookupType('tensorflow.GraphDef').decode(fs.readFileSync(graphPath));
  const out = await runGraph(graph, JSON.parse(fs.readFileSync(inputsPath, 'utf8')), outputList.split(','));
  process.stdout.write(JSON.stringify(out) + '\n');
  return 0;
}

cli(main);
