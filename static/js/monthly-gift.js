// A monthly donor's new card, on their manage page. Real Stripe: the Payment Element in setup mode,
// then the SetupIntent the server makes is confirmed with it. localstripe's Stripe.js stand-in has
// only the card element: the same SetupIntent is confirmed with confirmCardSetup. Card data goes
// to Stripe, never to our server; the webhook then makes the card the gift's own.
(function () {
  "use strict";
  var form = document.querySelector("[data-card-form]");
  if (!form) return;
  var data = form.dataset;
  var mount = form.querySelector("[data-payment-element]");
  var submit = form.querySelector("[data-card-submit]");
  var errorBox = form.querySelector("[data-card-error]");
  var stripe = null, elements = null, element = null, usesPaymentElement = false, busy = false;

  function startSetup() {
    var token = form.querySelector("[name=csrfmiddlewaretoken]").value;
    return fetch(data.startUrl, { method: "POST", headers: { "X-CSRFToken": token }, credentials: "same-origin" })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (body) {
          if (!response.ok || !body.client_secret) {
            throw new Error(body.error || "Something went wrong. Nothing was changed; please try again.");
          }
          return body.client_secret;
        });
      });
  }

  window.necLoadStripe(data.stripeJs).then(function (Stripe) {
    stripe = Stripe(data.publishableKey);
    elements = stripe.elements({ mode: "setup", currency: data.currency });
    // The Payment Element's elements group has submit(); the card-only stand-in does not.
    usesPaymentElement = typeof elements.submit === "function";
    element = elements.create(usesPaymentElement ? "payment" : "card");
    mount.hidden = false;
    submit.hidden = false;
    form.querySelector("[data-card-fallback]").hidden = true;
    element.mount(mount);
  }).catch(function () {
    errorBox.textContent = "The card form could not load. Check your connection and reload the page.";
  });

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    if (busy || !element) return;
    busy = true;
    submit.setAttribute("aria-disabled", "true");
    errorBox.textContent = "";
    try {
      var result;
      if (usesPaymentElement) {
        var submitted = await elements.submit();
        if (submitted.error) throw new Error(submitted.error.message);
        var secret = await startSetup();
        result = await stripe.confirmSetup({
          elements: elements, clientSecret: secret, redirect: "if_required",
          confirmParams: { return_url: new URL(data.doneUrl, window.location.href).href },
        });
      } else {
        result = await stripe.confirmCardSetup(await startSetup(), { payment_method: { card: element } });
      }
      if (result.error) throw new Error(result.error.message || "Your card was declined.");
      window.location.assign(data.doneUrl);
    } catch (error) {
      errorBox.textContent = error.message || "Your card could not be saved. Nothing was changed.";
      busy = false;
      submit.removeAttribute("aria-disabled");
    }
  });
})();
