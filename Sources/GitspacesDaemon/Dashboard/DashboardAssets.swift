/// The dashboard's stylesheet, script and Content-Security-Policy, served from the daemon itself (no build step,
/// nothing from another origin). The pages work without the script: it only refreshes them in place.
enum DashboardAssets {
    /// Only this origin's stylesheet, script and fetches; no inline script, no plugins, no framing, forms to here.
    static let contentSecurityPolicy =
        "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self'; "
        + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

    /// Colours meet WCAG AA contrast (4.5:1) on their backgrounds.
    static let stylesheet = """
        :root { color-scheme: light; --fg: #1b1f24; --muted: #4a5360; --line: #d0d7de; --bg: #ffffff; \
        --head: #f3f5f8; --link: #0550ae; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); \
        background: var(--bg); }
        header.top { display: flex; gap: 1rem; align-items: baseline; padding: .6rem 1.5rem; background: #24292f; \
        color: #ffffff; }
        header.top a.brand { color: #ffffff; font-weight: 700; font-size: 1.1rem; text-decoration: none; }
        header.top .instance { color: #d8dee4; }
        main { padding: 0 1.5rem 1.5rem; max-width: 110rem; }
        footer { padding: .5rem 1.5rem 1.5rem; color: var(--muted); font-size: .9rem; }
        a { color: var(--link); }
        h1 { font-size: 1.6rem; margin: 1rem 0 .5rem; }
        h2 { font-size: 1.25rem; margin: 1.6rem 0 .5rem; border-bottom: 1px solid var(--line); padding-bottom: .2rem; }
        h3 { font-size: 1.05rem; margin: 1rem 0 .4rem; }
        code, pre { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .88rem; }
        pre { background: var(--head); border: 1px solid var(--line); padding: .5rem .75rem; overflow-x: auto; \
        white-space: pre-wrap; word-break: break-all; }
        pre.log { max-height: 30rem; overflow-y: auto; }
        .notice { background: #fff8c5; border: 1px solid #d4a72c; padding: .5rem .75rem; border-radius: 4px; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: 0; }
        dl.facts dt { font-weight: 600; color: var(--muted); }
        dl.facts dd { margin: 0; }
        @media (min-width: 60rem) { dl.facts.wide { grid-template-columns: max-content 1fr max-content 1fr; } }
        table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
        caption { text-align: left; color: var(--muted); padding: .25rem 0; }
        th, td { border-bottom: 1px solid var(--line); padding: .4rem .5rem; text-align: left; vertical-align: top; }
        thead th { background: var(--head); font-weight: 600; }
        tbody th { font-weight: 600; white-space: nowrap; }
        td .message { display: block; color: var(--muted); font-size: .88rem; }
        table.gitspaces td code { word-break: break-all; }
        ul.plain { list-style: none; margin: 0; padding: 0; }
        ul.errors code { color: #a40e26; }
        .none { color: var(--muted); }
        .ok { color: #116329; font-weight: 600; }
        .bad { color: #a40e26; font-weight: 600; }
        .reason { font-weight: 600; }
        .empty { color: var(--muted); }
        .phase { display: inline-block; padding: 0 .5rem; border-radius: 1rem; font-size: .85rem; font-weight: 600; \
        border: 1px solid; }
        .phase-running { color: #0f5323; background: #dafbe1; }
        .phase-creating, .phase-pending, .phase-building { color: #0a3069; background: #ddf4ff; }
        .phase-stopped { color: #3d444d; background: #eaeef2; }
        .phase-idle { color: #4d2d00; background: #fff8c5; }
        .phase-failed, .phase-blocked { color: #82071e; background: #ffebe9; }
        form.filter { display: flex; flex-wrap: wrap; gap: .4rem .6rem; align-items: center; margin: .5rem 0; }
        form.filter label { font-weight: 600; }
        form.filter input, form.filter select, form.filter button { font: inherit; padding: .2rem .4rem; }
        a.vscode { font-weight: 600; }
        :focus-visible { outline: 3px solid #0969da; outline-offset: 2px; }

        """

    /// Refreshes the page in place every 5 seconds: fetches the same URL (so the server's filter applies), and
    /// swaps in its `main` unless the reader is typing in the filter or selecting text to copy.
    static let script = """
        "use strict";
        (function () {
          var every = 5000;
          function busy() {
            var active = document.activeElement;
            if (active && /^(INPUT|SELECT|TEXTAREA)$/.test(active.tagName)) return true;
            var selection = window.getSelection && window.getSelection();
            return !!(selection && selection.toString().length > 0);
          }
          function refresh() {
            if (document.hidden || busy()) return;
            fetch(window.location.href, { cache: "no-store", credentials: "same-origin" })
              .then(function (response) { return response.text(); })
              .then(function (text) {
                if (busy()) return;
                var fresh = new DOMParser().parseFromString(text, "text/html");
                var main = fresh.getElementById("live");
                var current = document.getElementById("live");
                if (!main || !current) return;
                current.replaceChildren.apply(current, Array.prototype.map.call(main.childNodes, function (node) {
                  return document.importNode(node, true);
                }));
                var footer = fresh.querySelector("footer");
                var ours = document.querySelector("footer");
                if (footer && ours) ours.replaceChildren.apply(ours, Array.prototype.map.call(footer.childNodes,
                  function (node) { return document.importNode(node, true); }));
                document.title = fresh.title;
                current.setAttribute("data-refreshed", new Date().toISOString());
              })
              .catch(function () {});
          }
          window.setInterval(refresh, every);
        })();

        """
}
