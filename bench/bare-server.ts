// A bare Fastify server, the baseline of bench/cold-start.ts: what starting any Node.js HTTP server with the same
// framework costs on this machine. Usage: node bench/bare-server.ts PORT

import Fastify from 'fastify';

const port = Number(process.argv[2] ?? 0);
const app = Fastify();
app.get('/bare', () => ({ ok: true }));
await app.listen({ port, host: '127.0.0.1' });
process.on('SIGTERM', () => void app.close());
