// Reads {"statements": {"name": "cypher"}, "parameters": {...}} on stdin and prints
// {"name": [diagnostics]} from Neo4j's own linter.
const { lintCypherQuery } = require('@neo4j-cypher/language-support');

let input = '';
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  const { statements, parameters } = JSON.parse(input);
  const out = {};
  for (const [name, query] of Object.entries(statements)) {
    out[name] = lintCypherQuery(query, { parameters }).diagnostics.map((d) => ({
      severity: d.severity === 1 ? 'error' : 'warning',
      message: d.message,
      offset: d.offsets ? d.offsets.start : null,
    }));
  }
  process.stdout.write(JSON.stringify(out));
});
