/** `npm start`: the local emulator, seeded with a demo school on first start. */
import { startEmulator } from '../platform/local/emulator';
import { DEMO, isSeeded, seedDemoSchool } from '../platform/local/seed';

const noSeed = process.argv.includes('--no-seed') || process.env.FUDAO_SEED === '0';
// The demo administrator exists only where no administrators were named.
const env = { ...process.env, FUDAO_ADMIN_OPENIDS: process.env.FUDAO_ADMIN_OPENIDS || DEMO.admin };

const emulator = await startEmulator({ env });
if (!noSeed && !(await isSeeded(emulator))) {
  console.log('首次启动：正在生成演示学校（3 个班，120 名学生）…');
  await seedDemoSchool(emulator);
}

console.log(`
Fudao 本地模拟器已启动  ${emulator.url}
  数据目录     ${emulator.dataDir}
  云函数       POST ${emulator.url}/api/fn/<name>   (身份头 X-Fudao-Openid，仅限本机)
  微信发件箱   GET  ${emulator.url}/dev/outbox
  健康检查     GET  ${emulator.url}/healthz

演示身份 (X-Fudao-Openid):
  管理员   ${env.FUDAO_ADMIN_OPENIDS}
  辅导员   ${DEMO.teacher}
  学生     ${DEMO.student(1)} … ${DEMO.student(90)}（已绑定；每班后 10 名未绑定）
`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log('正在停止…');
    void emulator.stop().then(() => process.exit(0));
  });
}
