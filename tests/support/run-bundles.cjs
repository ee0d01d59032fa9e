// Runs built function bundles the way CloudBase's Node.js runtime does: `require` the bundle, put the
// caller's WeChat context in WX_* environment variables, call `main(event, context)`. Reads the calls
// as JSON from argv[2], prints one JSON line of results. (CommonJS, like the runtime.)
const path = require('node:path');

async function run() {
  const { dir, calls } = JSON.parse(process.argv[2]);
  const results = [];
  for (const call of calls) {
    const { main } = require(path.join(dir, call.fn, 'index.js'));
    process.env.WX_CONTEXT_KEYS = 'WX_OPENID,WX_APPID';
    process.env.WX_APPID = 'wxf0da000000000001';
    if (call.openid) process.env.WX_OPENID = call.openid;
    else delete process.env.WX_OPENID;
    process.env.TCB_SOURCE = call.source || 'wx_client';
    results.push(await main(call.event, { request_id: `req-${results.length}` }));
  }
  process.stdout.write(`${JSON.stringify(results)}\n`);
}

run().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
