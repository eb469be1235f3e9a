// Serves N loopback /metrics endpoints with S series each (Prometheus text 0.0.4), for the scrape
// benchmark. Values change on every request so the store sees real, varying samples.
// Usage: node bench/targets-server.mjs <count> <series> ; prints the ports as JSON on stdout.
import http from 'node:http';

const count = Number(process.argv[2] ?? 200);
const series = Number(process.argv[3] ?? 1000);

function payload(port, n) {
  const lines = [];
  const perFamily = 50;
  for (let f = 0; f < Math.ceil(series / perFamily); f++) {
    const name = `bench_metric_${f}_total`;
    lines.push(`# HELP ${name} Synthetic counter family ${f}.`, `# TYPE ${name} counter`);
    for (let i = 0; i < perFamily && f * perFamily + i < series; i++) {
      lines.push(`${name}{handler="/api/v${i % 7}/items",code="${200 + (i % 5)}",shard="${i}"} ${n * (i + 1) + port}`);
    }
  }
  return lines.join('\n') + '\n';
}

const ports = [];

for (let i = 0; i < count; i++) {
  let n = 0;
  const srv = http.createServer((req, res) => {
    n++;

    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(payload(srv.address().port, n));
  });
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  ports.push(srv.address().port);
}
process.stdout.write(JSON.stringify(ports) + '\n');
process.on('SIGTERM', () => process.exit(0));
