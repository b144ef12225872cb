// Shown at / when the web app has not been built: what to run, in both languages.
export function missingWebPage(webDir: string): string {
  const dir = webDir.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>Heng</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;line-height:1.6}code{background:#f3f3f3;padding:0 .3em}</style></head>
<body><h1>衡 Heng</h1>
<p>网页界面尚未构建：在仓库根目录运行 <code>npm run build:web</code>，产物位于 <code>${dir}</code>，然后重启 <code>heng serve</code>。API 仍可使用：<a href="/api/openapi.json">/api/openapi.json</a>。</p>
<p>The web app has not been built: run <code>npm run build:web</code> in the repository root (output: <code>${dir}</code>) and restart <code>heng serve</code>. The API works without it: <a href="/api/openapi.json">/api/openapi.json</a>.</p>
</body></html>`;
}
