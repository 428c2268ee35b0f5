// Stripe.js, loaded once a page, when a form first needs it: shared by the donation form
// (donation-form.js) and the monthly donor's card update (monthly-gift.js). Each page loads this file
// before the script that uses it (by src, as the Content-Security-Policy asks).
(function () {
  "use strict";
  var loading = null;
  window.necLoadStripe = function (url) {
    if (window.Stripe) return Promise.resolve(window.Stripe);
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = url;
        script.onload = function () { resolve(window.Stripe); };
        script.onerror = function () {
          loading = null;  // a later attempt may succeed
          reject(new Error("Stripe.js could not be loaded"));
        };
        document.head.appendChild(script);
      });
    }
    return loading;
  };
})();
