/* Flash sales: each countdown's clock ticks once a second. The page is complete without this script; htmx
   replaces the countdowns (and the units left) with the server's every few seconds. */
(function () {
  "use strict";
  if (window.mercatoFlashCountdown) { return; }
  window.mercatoFlashCountdown = true;
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  window.setInterval(function () {
    document.querySelectorAll(".countdown__time[data-seconds]").forEach(function (el) {
      var left = Math.max(0, (parseInt(el.getAttribute("data-seconds"), 10) || 0) - 1);
      var rest = left % 86400;
      var clock = el.querySelector(".countdown__clock");
      el.setAttribute("data-seconds", String(left));
      if (clock) { clock.textContent = pad(Math.floor(rest / 3600)) + ":" + pad(Math.floor(rest % 3600 / 60)) + ":" + pad(rest % 60); }
    });
  }, 1000);
}());
