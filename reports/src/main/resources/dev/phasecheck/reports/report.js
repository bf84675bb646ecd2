(function () {
  var boxes = document.querySelectorAll('.fsev'), rule = document.getElementById('frule'), shown = document.getElementById('shown');
  function apply() {
    var sev = {}, n = 0, total = 0;
    boxes.forEach(function (b) { sev[b.value] = b.checked; });
    document.querySelectorAll('#findings .finding').forEach(function (f) {
      var on = sev[f.dataset.severity] && (!rule.value || rule.value === f.dataset.rule);
      f.classList.toggle('hidden', !on); total++; if (on) n++;
    });
    shown.textContent = n + ' of ' + total + ' findings shown';
  }
  boxes.forEach(function (b) { b.addEventListener('change', apply); });
  rule.addEventListener('change', apply);
  apply();
})();
