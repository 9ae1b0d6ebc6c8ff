// Smoke check of a running app with the demo data: the published case's figures.
const base = process.argv[2];
const login = await fetch(`${base}/api/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username: 'lanhdao', password: 'thidua-lanhdao' }),
});
if (!login.ok) throw new Error(`login as the demo leader: HTTP ${login.status}`);
const { token } = await login.json();
const get = async (path) => {
  const response = await fetch(base + path, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.json();
};
const clusters = await get('/api/clusters');
const cluster5 = clusters.find((c) => c.code === 'CUM5');
const summary = await get(`/api/clusters/${cluster5.id}/years/2021/summary`);
const docs = await fetch(`${base}/api/docs`);
// The pages, as a browser would: the home page leads to sign in; with a session, the year reads out.
const home = await fetch(`${base}/`, { redirect: 'manual' });
const session = await fetch(`${base}/api/auth/session`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username: 'lanhdao', password: 'thidua-lanhdao' }),
});
const cookie = String(session.headers.get('set-cookie')).split(';')[0];
const page = await (await fetch(`${base}/cum/${cluster5.id}/nam/2021`, { headers: { cookie } })).text();
const checks = [
  ['12 units', summary.unitCount === 12],
  ['excellent 11/12 (91,67%)', summary.ratings.EXCELLENT.display === '11/12 (91,67%)'],
  ['targets 108/120 (90,00%)', summary.targets.display === '108/120 (90,00%)'],
  ['OpenAPI page', docs.status === 200],
  ['the home page leads to sign in', home.status === 303 && home.headers.get('location') === '/dang-nhap?tiep=%2F'],
  [
    'the cluster-year page says 11/12 … 90,00%',
    page.includes('11/12 đơn vị hoàn thành xuất sắc nhiệm vụ (91,67%); 108/120 chỉ tiêu đạt (90,00%)'),
  ],
  ['a route without a login is refused', (await fetch(`${base}/api/clusters`)).status === 401],
];
const failed = checks.filter(([, ok]) => !ok);
for (const [name, ok] of checks) console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}`);
console.log(`${checks.length - failed.length} passed, ${failed.length} failed`);
process.exit(failed.length === 0 ? 0 : 1);
