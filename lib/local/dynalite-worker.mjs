// dynalite on a thread of its own (lib/local/dynamodb.ts starts it): the store's request handling
// and LevelDB's encoding run beside the functions instead of between their steps. Plain JavaScript,
// so the thread starts the same under tsx, jest and node.
import { parentPort, workerData } from 'node:worker_threads';
import dynalite from 'dynalite';

const server = dynalite({ path: workerData.path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
server.once('error', (error) => parentPort.postMessage({ error: `${error.name}: ${error.message}` }));
server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }));
// `close` also closes the LevelDB folder, so the next start in this process can open it again.
parentPort.once('message', () => server.close(() => parentPort.postMessage({ closed: true })));
