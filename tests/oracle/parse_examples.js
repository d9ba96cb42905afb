#!/usr/bin/env node
// What TensorFlow's ParseExample gives for dense features (tf.io.FixedLenFeature), from serialized
// tf.Example protos decoded with protobufjs and the oracle's own example.proto: per feature a
// [batch, ...shape] tensor; a missing feature (or a Feature with no list) takes the default and
// is an error without one; the list must be of the feature's kind and hold exactly shape's
// element count. tfjs has no ParseExample kernel: the tests feed these tensors to the graph cut
// after the parse.
//   node parse_examples.js REQUEST.json
// REQUEST.json: {"features": [{"key": "x", "dtype": "float32"|"int64", "shape": [1], "default": [0] | null}],
//                "examples": ["<base64 of a serialized Example>", ...]}
// Output: {"x": {"shape": [...], "dtype": "float32", "values": [...]}} (int64 values as decimal
// strings), or {"error": {"example": i, "feature": "x", "reason": "missing"|"kind"|"count"}}.
'use strict';
console.log = console.warn = console.info = (...args) => console.error(...args);
const fs = require('fs');
const path = require('path');
const protobuf = require('protobufjs');

const LIST = { float32: 'floatList', int64: 'int64List' };

function main(argv) {
  if (argv.length !== 1) {
    console.error('usage: node parse_examples.js REQUEST.json');
    return 2;
  }
  const request = JSON.parse(fs.readFileSync(argv[0], 'utf8'));
  const Example = protobuf.loadSync(path.join(__dirname, 'example.proto')).lookupType('tensorflow.Example');
  const examples = request.examples.map(b64 => Example.toObject(Example.decode(Buffer.from(b64, 'base64')), { longs: String, oneofs: true }));
  const out = {};
  for (const spec of request.features) {
    const count = spec.shape.reduce((a, d) => a * d, 1);
    const values = [];
    for (let i = 0; i < examples.length; i++) {
      const feature = ((examples[i].features || {}).feature || {})[spec.key];
      const kind = feature && feature.kind;
      if (!kind) {
        if (!spec.default || spec.default.length === 0) return fail(i, spec.key, 'missing');
        values.push(...spec.default.map(v => (spec.dtype === 'int64' ? String(v) : v)));
        continue;
      }
      if (kind !== LIST[spec.dtype]) return fail(i, spec.key, 'kind');
      const list = feature[kind].value || [];
      if (list.length !== count) return fail(i, spec.key, 'count');
      values.push(...list);
    }
    out[spec.key] = { shape: [examples.length, ...spec.shape], dtype: spec.dtype, values };
  }
  process.stdout.write(JSON.stringify(out) + '\n');
  return 0;
}

function fail(example, feature, reason) {
  process.stdout.write(JSON.stringify({ error: { example, feature, reason } }) + '\n');
  return 0;
}

process.exitCode = main(process.argv.slice(2));
