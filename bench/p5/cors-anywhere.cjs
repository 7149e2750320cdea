// Benchmark peer for P5: cors-anywhere (npm) as a browser would use it, on loopback.
// Usage: node cors-anywhere.cjs PORT
const path = require('node:path');
const corsAnywhere = require(path.join(__dirname, '../../tools/node_modules/cors-anywhere'));
const port = Number(process.argv[2]);
corsAnywhere.createServer({ originWhitelist: [], requireHeader: [], removeHeaders: ['cookie'] })
  .listen(port, '127.0.0.1', () => console.log(`cors-anywhere listening on http://127.0.0.1:${port}`));
