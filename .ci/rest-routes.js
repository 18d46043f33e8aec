// The REST half of the compatibility gate: buf breaking does not compare (google.api.http)
// options, so a route could change or vanish unnoticed. Given two images (buf build JSON), the
// contract as it was and as it is, every route the old one published must still be there:
// the same verb, path and body for the same RPC, and every additional binding still offered.
//
//   node .ci/rest-routes.js <old image.json> <new image.json>
"use strict";
const fs = require("fs");

function routes(imagePath) {
  const image = JSON.parse(fs.readFileSync(imagePath, "utf8"));
  const found = new Map();
  for (const file of image.file || []) {
    for (const service of file.service || []) {
      for (const method of service.method || []) {
        const rule = (method.options || {})["[google.api.http]"];
        if (rule) {
          found.set(`${file.package}.${service.name}.${method.name}`, rule);
        }
      }
    }
  }
  return found;
}

function binding(rule) {
  const verb = ["get", "put", "post", "delete", "patch"].find((v) => rule[v] !== undefined);
  const pattern = verb ? `${verb.toUpperCase()} ${rule[verb]}` : `${rule.custom.kind} ${rule.custom.path}`;
  return `${pattern} body=${rule.body || ""} responseBody=${rule.responseBody || ""}`;
}

const [before, after] = [routes(process.argv[2]), routes(process.argv[3])];
const problems = [];
for (const [method, rule] of before) {
  const now = after.get(method);
  if (!now) {
    problems.push(`${method}: the route ${binding(rule)} was removed`);
    continue;
  }
  if (binding(now) !== binding(rule)) {
    problems.push(`${method}: the route ${binding(rule)} became ${binding(now)}`);
  }
  const offered = new Set((now.additionalBindings || []).map(binding));
  for (const extra of rule.additionalBindings || []) {
    if (!offered.has(binding(extra))) {
      problems.push(`${method}: the additional route ${binding(extra)} was removed`);
    }
  }
}
for (const problem of problems) {
  console.error(problem);
}
process.exit(problems.length === 0 ? 0 : 1);
