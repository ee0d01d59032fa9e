import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import * as cloud from 'wx-server-sdk';
import { afterAll, beforeAll } from 'vitest';
import type { Store } from '../../core/ports/store';
import { handleDatabaseRequest } from '../local/cloudbase-db/endpoint';
import { createLocalStore } from '../local/store/nedb-store';
import { describeStoreContract } from '../store-contract';
import { createCloudbaseStore } from './store';

const dir = mkdtempSync(join(tmpdir(), 'fudao-cb-'));
const local = createLocalStore(dir);
let server: Server;
let store: Store;

beforeAll(async () => {
  server = createServer((req, res) => void handleDatabaseRequest(local, req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  // Dummy credentials: without them the SDK raises an unhandled rejection that kills Node.
  cloud.init({ env: 'fudao-test', secretId: 'test-id', secretKey: 'test-key', serviceUrl: `http://127.0.0.1:${port}/admin` } as never);
  store = createCloudbaseStore(cloud.database());
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await local.close();
  rmSync(dir, { recursive: true, force: true });
});

describeStoreContract('CloudBase (wx-server-sdk → serviceUrl → emulator)', () => store);
