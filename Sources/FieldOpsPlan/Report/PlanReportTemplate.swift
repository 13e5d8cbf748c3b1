import FieldOpsCore
import FieldOpsSolver
import FieldOpsSupport
/// The HTML of `PlanReport`, as a Mustache template. Self-contained: inline styles, inline
/// SVG, one inline script (details on click, and a self-check that the browser test reads
/// from `body[data-check]`).
let planReportTemplate = #"""
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>FieldOps plan · {{plannedAt}}</title>
<style>
  body { font: 14px/1.4 -apple-system, "Segoe UI", "Noto Sans CJK SC", "Noto Sans", sans-serif; margin: 0; color: #222; background: #fafafa; }
  header { background: #203040; color: #fff; padding: 12px 20px; }
  header h1 { margin: 0; font-size: 20px; }
  header p { margin: 4px 0 0; opacity: .85; }
  main { padding: 12px 20px; }
  section { background: #fff; border: 1px solid #e3e3e3; border-radius: 6px; padding: 12px 16px; margin-bottom: 14px; }
  h2 { font-size: 16px; margin: 0 0 8px; }
  .figures { display: flex; flex-wrap: wrap; gap: 10px; }
  .figure { border: 1px solid #e3e3e3; border-radius: 6px; padding: 6px 12px; min-width: 110px; }
  .figure b { display: block; font-size: 18px; }
  .figure.alert b { color: #c62828; }
  svg text { font-size: 11px; fill: #333; }
  .place { fill: #c9ced6; }
  .route { fill: none; stroke-width: 1.6; stroke-opacity: .85; }
  .base { stroke: #000; stroke-width: .8; }
  .stop { stroke: #fff; stroke-width: .8; }
  .unassigned { stroke: #c62828; stroke-width: 2.2; }
  .deferred { fill: none; stroke: #7b61a6; stroke-width: 1.4; }
  .travel { fill: #9aa5b1; }
  .wait { fill: #e4e4e4; }
  .night { fill: #d9def0; }
  .shift { fill: #eef4fb; }
  .easy { fill: #2e9d4a; }
  .close { fill: #c0b000; }
  .tight { fill: #f08c00; }
  .late { fill: #d62728; stroke: #000; stroke-width: 1.5; }
  .nodeadline { fill: #1f77b4; }
  .now { stroke: #c62828; stroke-dasharray: 4 3; }
  .bar-label { font-size: 10px; fill: #fff; pointer-events: none; }
  .late-label { font-weight: bold; }
  .legend span { display: inline-block; margin-right: 14px; }
  .legend i { display: inline-block; width: 12px; height: 12px; margin-right: 4px; vertical-align: -2px; border-radius: 2px; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #eee; vertical-align: top; }
  th { background: #f3f5f7; }
  #detail { position: fixed; right: 16px; bottom: 16px; max-width: 420px; background: #203040; color: #fff; padding: 10px 14px; border-radius: 6px; display: none; }
  [data-info] { cursor: pointer; }
</style>
</head>
<body>
<header>
  <h1>FieldOps plan</h1>
  <p>Planned at {{plannedAt}} · solver {{solver}}{{#hasNextShift}} · today's shifts are over: the next shift, from {{nextShift}}{{/hasNextShift}}</p>
</header>
<main>
<section>
  <h2>Summary</h2>
  <div class="figures">
    {{#figures}}<div class="figure{{#alert}} alert{{/alert}}"><b>{{value}}</b>{{label}}</div>{{/figures}}
  </div>
</section>
<section>
  <h2>Routes across China</h2>
  <p class="legend"><span><i style="background:#000"></i>engineer base (square)</span><span><i class="easy" style="background:#2e9d4a"></i>visit, coloured by slack</span><span><i style="background:#d62728"></i>late visit</span><span><i style="border:2px solid #c62828;background:none"></i>unassigned ticket (cross)</span><span><i style="border:1.5px solid #7b61a6;background:none;border-radius:6px"></i>deferred ticket</span>Click anything for details.</p>
  <svg id="map" width="{{mapWidth}}" height="{{mapHeight}}" viewBox="0 0 {{mapWidth}} {{mapHeight}}" role="img" aria-label="map of routes">
    <g>{{#places}}<circle class="place" cx="{{x}}" cy="{{y}}" r="1.2"/>{{/places}}</g>
    <g>{{#routes}}<polyline class="route" stroke="{{colour}}" points="{{points}}" data-info="{{info}}"><title>{{info}}</title></polyline>{{/routes}}</g>
    <g>{{#deferred}}<circle class="deferred" cx="{{x}}" cy="{{y}}" r="4" data-info="{{info}}"><title>{{info}}</title></circle>{{/deferred}}</g>
    <g>{{#unassigned}}<g class="unassigned" data-info="{{info}}"><title>{{info}}</title><line x1="{{x1}}" y1="{{y1}}" x2="{{x2}}" y2="{{y2}}"/><line x1="{{x1}}" y1="{{y2}}" x2="{{x2}}" y2="{{y1}}"/></g>{{/unassigned}}</g>
    <g>{{#stops}}<circle class="stop {{css}}" cx="{{x}}" cy="{{y}}" r="4" data-info="{{info}}"><title>{{info}}</title></circle>{{/stops}}</g>
    <g>{{#bases}}<rect class="base" x="{{x}}" y="{{y}}" width="8" height="8" fill="{{colour}}" data-info="{{info}}"><title>{{info}}</title></rect>{{/bases}}</g>
  </svg>
</section>
<section>
  <h2>Each engineer's day</h2>
  <p class="legend"><span><i class="shift" style="background:#eef4fb;border:1px solid #ccd"></i>shift</span><span><i style="background:#9aa5b1"></i>travel</span><span><i style="background:#e4e4e4"></i>waiting</span><span><i style="background:#2e9d4a"></i>work, 4 h+ slack</span><span><i style="background:#c0b000"></i>1–4 h slack</span><span><i style="background:#f08c00"></i>under 1 h slack</span><span><i style="background:#d62728;outline:1.5px solid #000"></i>LATE</span><span><i style="background:#1f77b4"></i>no deadline</span><span><i style="border-left:2px dashed #c62828;border-radius:0"></i>planned at</span></p>
  <svg id="gantt" width="{{ganttWidth}}" height="{{ganttHeight}}" viewBox="0 0 {{ganttWidth}} {{ganttHeight}}" role="img" aria-label="day of each engineer">
    {{#hours}}<line x1="{{x}}" x2="{{x}}" y1="20" y2="{{axisBottom}}" stroke="#eee"/><text x="{{x}}" y="14" text-anchor="middle">{{label}}</text>{{/hours}}
    {{#rows}}<g class="row">
      {{#shifts}}<rect class="shift" x="{{shiftX}}" y="{{barY}}" width="{{shiftW}}" height="16"/>{{/shifts}}
      <text x="4" y="{{textY}}" fill="{{colour}}">{{name}}</text><text x="{{labelX}}" y="{{textY}}" text-anchor="end" dx="-4">{{status}}</text>
      {{#bars}}<rect class="{{css}}" x="{{x}}" y="{{barY}}" width="{{w}}" height="16" data-info="{{info}}"><title>{{info}}</title></rect>{{#hasText}}<text class="{{labelCss}}" x="{{tx}}" y="{{textY}}">{{text}}</text>{{/hasText}}{{/bars}}
    </g>{{/rows}}
    {{#showNow}}<line class="now" x1="{{nowX}}" x2="{{nowX}}" y1="20" y2="{{axisBottom}}"/>{{/showNow}}
  </svg>
</section>
<section>
  <h2>Unassigned: act on these ({{unassignedCount}})</h2>
  <table><thead><tr><th>ticket</th><th>place</th><th>reason</th><th>customer and machine</th></tr></thead><tbody>
  {{#unassignedRows}}<tr><td>{{ticket}}</td><td>{{place}}</td><td>{{reason}}</td><td>{{details}}</td></tr>{{/unassignedRows}}
  {{^unassignedRows}}<tr><td colspan="3">none</td></tr>{{/unassignedRows}}
  </tbody></table>
</section>
<section>
  <h2>Deferred to a later day ({{deferredCount}})</h2>
  <table><thead><tr><th>ticket</th><th>place</th><th>deadline</th><th>why it can wait</th><th>customer and machine</th></tr></thead><tbody>
  {{#deferredRows}}<tr><td>{{ticket}}</td><td>{{place}}</td><td>{{deadline}}</td><td>{{reason}}</td><td>{{details}}</td></tr>{{/deferredRows}}
  {{^deferredRows}}<tr><td colspan="4">none</td></tr>{{/deferredRows}}
  </tbody></table>
</section>
</main>
<div id="detail"></div>
<script id="expected" type="application/json">{{{expected}}}</script>
<script>
(function () {
  window.addEventListener('error', function (e) { document.body.setAttribute('data-check', 'error: ' + e.message); });
  var detail = document.getElementById('detail');
  document.addEventListener('click', function (e) {
    var el = e.target.closest('[data-info]');
    if (!el) { detail.style.display = 'none'; return; }
    detail.textContent = el.getAttribute('data-info');
    detail.style.display = 'block';
  });
  // Self-check for the browser test: the drawings hold what the plan says.
  var expected = JSON.parse(document.getElementById('expected').textContent);
  var count = function (q) { return document.querySelectorAll(q).length; };
  var found = { places: count('#map .place'), routes: count('#map .route'), stops: count('#map .stop'),
                rows: count('#gantt .row'), work: count('#gantt rect.work'), unassigned: count('#map g.unassigned') };
  var ok = found.places > 1000 && found.routes === expected.routes && found.stops === expected.stops &&
           found.rows === expected.engineers && found.work === expected.stops && found.unassigned === expected.unassigned &&
           (expected.routes > 0 || expected.engineers === 0);
  var text = Object.keys(found).map(function (k) { return k + '=' + found[k]; }).join(' ');
  if (!document.body.hasAttribute('data-check')) document.body.setAttribute('data-check', (ok ? 'ok ' : 'incomplete ') + text);
})();
</script>
</body>
</html>
"""#
