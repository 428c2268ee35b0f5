// The donation form: amount and fee summary, then payment through Stripe.
// Real Stripe: the Payment Element confirms the intent the server created. Where only the card
// element exists (localstripe's Stripe.js stand-in, or an older Stripe.js), the card becomes a
// token at Stripe and the server confirms the payment with it. Card data never reaches our server.
(function () {
  "use strict";

  function dollars(cents) {
    var whole = Math.floor(cents / 100), rest = cents % 100;
    return "$" + whole.toLocaleString("en-US") + (rest ? "." + String(rest).padStart(2, "0") : "");
  }

  function toCents(text) {
    var cleaned = String(text || "").replace(/[$,\s]/g, "");
    if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) return null;
    var parts = cleaned.split(".");
    return parseInt(parts[0], 10) * 100 + (parts[1] ? parseInt(parts[1].padEnd(2, "0"), 10) : 0);
  }

  // A page is shared by every reader (the page cache): each donor's submission id is made here.
  function newSubmissionId() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return b.toString(16).padStart(2, "0"); }).join("");
  }

  // The live totals (never cached) into the progress figures, the bar and their "as of" time.
  function fetchTotals(section) {
    return fetch(section.dataset.totalsUrl, { headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (totals) {
        var raised = section.querySelector("[data-raised]");
        if (raised && totals.raised_cents !== null) raised.textContent = dollars(totals.raised_cents);
        var donors = section.querySelector("[data-donor-count]");
        if (donors) donors.textContent = totals.donor_count;
        var donorWord = section.querySelector("[data-donor-word]");
        if (donorWord) donorWord.textContent = totals.donor_count === 1 ? "donor" : "donors";
        var bar = section.querySelector("[data-progress-bar]");
        if (bar && totals.goal_cents) {
          var percent = Math.min(100, Math.round((100 * totals.raised_cents) / totals.goal_cents));
          bar.setAttribute("aria-valuenow", percent);
          bar.firstElementChild.style.width = percent + "%";
        }
        var asOf = section.querySelector("[data-as-of]");
        if (asOf) {
          asOf.setAttribute("datetime", new Date().toISOString());
          asOf.textContent = new Date().toLocaleTimeString([], { hour: "numeric", minute: "2-digit" });
        }
      });
  }

  // A page kept (the page cache, a CDN) shows figures from when it was rendered: while it is in view,
  // its figures are fetched from the live totals every few seconds, so a gift shows within 5 s.
  var POLL_EVERY_MS = 3000;
  function refreshTotals() {
    if (document.visibilityState === "hidden") return;
    document.querySelectorAll("[data-totals-url]").forEach(function (section) {
      if (section.querySelector("[data-as-of]")) fetchTotals(section).catch(function () {});
    });
  }
  function pollTotals() {
    if (!document.querySelector("[data-totals-url] [data-as-of]")) return;
    refreshTotals();
    setInterval(refreshTotals, POLL_EVERY_MS);
    document.addEventListener("visibilitychange", refreshTotals);
  }

  function init(form) {
    if (form.dataset.ready) return;
    form.dataset.ready = "1";
    // Hidden until now, with a note saying how else to give: JavaScript may be off or this script blocked.
    form.hidden = false;
    var fallback = document.getElementById(form.id + "-fallback");
    if (fallback) fallback.hidden = true;
    var data = form.dataset;
    form.querySelector("[name=submission_id]").value = newSubmissionId();
    var minimum = parseInt(data.minimumCents, 10), maximum = parseInt(data.maximumCents, 10);
    var feeRate = parseFloat(data.feePercent) / 100, feeFixed = parseInt(data.feeFixedCents, 10);
    var amountInput = form.querySelector("[name=amount]");
    var submit = form.querySelector("[data-submit]");
    var formError = form.querySelector("[data-form-error]");
    var stripe = null, elements = null, paymentElement = null, usesPaymentElement = false, busy = false;

    function frequency() { return form.querySelector("[name=frequency]:checked").value; }
    function feeFor(cents) { return Math.ceil((cents + feeFixed) / (1 - feeRate)) - cents; }
    function totalCents() {
      var cents = toCents(amountInput.value);
      if (cents === null) return null;
      return form.querySelector("[data-cover-fee]").checked ? cents + feeFor(cents) : cents;
    }

    function refresh() {
      var cents = toCents(amountInput.value);
      form.querySelector("[data-monthly-note]").hidden = frequency() !== "monthly";
      var fee = form.querySelector("[data-fee]");
      var summary = form.querySelector("[data-summary]");
      if (cents === null || cents < minimum || cents > maximum) {
        fee.textContent = "the processing fee";
        summary.textContent = "";
        return;
      }
      fee.textContent = dollars(feeFor(cents)) + " for the processing fee";
      var total = totalCents();
      summary.textContent = "You give " + dollars(total) + (frequency() === "monthly" ? " every month." : " once.");
      if (usesPaymentElement) {
        elements.update({ mode: frequency() === "monthly" ? "subscription" : "payment", amount: total });
      }
    }

    form.querySelectorAll("[name=preset]").forEach(function (radio) {
      radio.addEventListener("change", function () {
        amountInput.value = (parseInt(radio.value, 10) / 100).toFixed(2).replace(/\.00$/, "");
        refresh();
      });
    });
    form.addEventListener("input", refresh);
    form.addEventListener("change", refresh);
    refresh();

    // The honoree's name is asked only once a dedication is chosen, and is required then. (Without
    // this script the field shows; the server asks for the name whenever a dedication is chosen.)
    var dedicationKind = form.querySelector("[data-dedication-kind]");
    var dedicationFields = form.querySelector("[data-dedication-fields]");
    var ecard = form.querySelector("[data-ecard]");
    function showDedication() {
      var chosen = Boolean(dedicationKind.value);
      dedicationFields.hidden = !chosen;
      // The e-card goes with a dedication only (the server ignores its fields without one).
      if (ecard) ecard.hidden = !chosen;
      form.elements.tribute_name.required = chosen;
      if (!chosen) {
        var error = form.querySelector('[data-error-for="tribute_name"]');
        error.textContent = "";
        form.elements.tribute_name.removeAttribute("aria-invalid");
      }
    }
    if (dedicationKind && dedicationFields) {
      dedicationKind.addEventListener("change", showDedication);
      showDedication();
    }

    // The e-card message's count, under the field (its description): what is left, or how many too many.
    var ecardMessage = form.querySelector("[data-ecard-message]");
    var ecardCount = form.querySelector("[data-ecard-count]");
    var ecardLimit = ecardMessage ? parseInt(ecardMessage.dataset.limit, 10) : 0;
    function ecardMessageLength() { return ecardMessage.value.trim().length; }
    function countEcardMessage() {
      var left = ecardLimit - ecardMessageLength();
      ecardCount.textContent = left >= 0
        ? "Up to " + ecardLimit + " characters: " + left + " left."
        : "Up to " + ecardLimit + " characters: " + -left + " too many.";
    }
    if (ecardMessage && ecardCount) {
      ecardMessage.addEventListener("input", countEcardMessage);
      countEcardMessage();
    }

    window.necLoadStripe(data.stripeJs).then(function (Stripe) {
      stripe = Stripe(data.publishableKey);
      var mount = form.querySelector("[data-payment-element]");
      var start = totalCents() || minimum;
      // No paymentMethodTypes: the Payment Element offers what the charity enabled (cards, wallets, Link).
      elements = stripe.elements({ mode: "payment", amount: start, currency: data.currency });
      // The Payment Element's elements group has submit(); the card-only stand-in does not.
      usesPaymentElement = typeof elements.submit === "function";
      paymentElement = elements.create(usesPaymentElement ? "payment" : "card");
      paymentElement.mount(mount);
    }).catch(function () {
      formError.textContent = "The payment form could not load. Check your connection and reload the page.";
    });

    // The proof of work (ALTCHA, donations/challenge.py; the widget is vendored in static/vendor/altcha/):
    // loaded once the donor starts filling in the form, solved invisibly in a web worker meanwhile,
    // and solved afresh for each attempt, since the server accepts a solution only once.
    var solving = null;
    function loadAltcha() {
      if (!loadAltcha.promise) {
        loadAltcha.promise = new Promise(function (resolve, reject) {
          var style = document.createElement("link");
          style.rel = "stylesheet";
          style.href = data.altchaCss;
          document.head.appendChild(style);
          var script = document.createElement("script");
          script.type = "module";
          script.src = data.altchaJs;
          script.onload = resolve;
          script.onerror = function () { reject(new Error("The security check could not load. Reload the page and try again.")); };
          document.head.appendChild(script);
        }).then(function () {
          window.$altcha.algorithms.set("PBKDF2/SHA-256", function () { return new Worker(data.altchaWorker); });
          return customElements.whenDefined("altcha-widget");
        });
      }
      return loadAltcha.promise;
    }
    function solve() {
      solving = loadAltcha().then(function () {
        var widget = form.querySelector("altcha-widget");
        if (widget) {
          widget.reset();
          return widget;
        }
        widget = document.createElement("altcha-widget");
        widget.setAttribute("challenge", data.challengeUrl);
        widget.setAttribute("display", "invisible");
        widget.setAttribute("auto", "off");
        widget.setAttribute("name", "altcha_widget");
        widget.setAttribute("configuration", JSON.stringify({ hideLogo: true, hideFooter: true }));
        // Its methods exist once it has mounted, which it says with a "load" event.
        var mounted = new Promise(function (resolve) { widget.addEventListener("load", resolve, { once: true }); });
        form.appendChild(widget);
        return mounted.then(function () { return widget; });
      }).then(function (widget) {
        return widget.verify();
      }).then(function (result) {
        if (!result || !result.payload) throw new Error("The security check did not finish. Please press Give again.");
        form.querySelector("[name=altcha]").value = result.payload;
      });
      solving.catch(function () {});
      return solving;
    }
    form.addEventListener("focusin", function () { if (!solving) solve(); });

    // Each error goes under its field (aria-invalid, described by it) and into the summary at the
    // top, which takes focus so that it is read out; its links lead to the fields.
    var summary = form.querySelector("[data-error-summary]");
    function showErrors(fields) {
      var list = summary.querySelector("ul");
      list.textContent = "";
      form.querySelectorAll("[data-error-for]").forEach(function (el) { el.textContent = ""; });
      form.querySelectorAll("[aria-invalid]").forEach(function (el) { el.removeAttribute("aria-invalid"); });
      Object.keys(fields).forEach(function (name) {
        var text = fields[name].join(" ");
        var item = document.createElement("li");
        var place = form.querySelector('[data-error-for="' + name + '"]');
        var input = form.querySelector('[name="' + name + '"]');
        if (place && input) {
          // A field folded away (the e-card's <details>) is unfolded, so that its error shows.
          var folded = input.closest("details");
          if (folded) folded.open = true;
          place.textContent = text;
          input.setAttribute("aria-invalid", "true");
          var link = document.createElement("a");
          link.href = "#" + input.id;
          link.textContent = text;
          link.addEventListener("click", function (event) { event.preventDefault(); input.focus(); });
          item.appendChild(link);
        } else {
          item.textContent = text;  // no field of its own (page, currency…)
        }
        list.appendChild(item);
      });
      summary.hidden = !list.children.length;
      if (!summary.hidden) summary.focus();
    }

    function problems() {
      var fields = {};
      var cents = toCents(amountInput.value);
      if (cents === null || cents < minimum || cents > maximum) {
        fields.amount = ["Enter an amount between " + dollars(minimum) + " and " + dollars(maximum) + "."];
      }
      if (!form.elements.donor_name.value.trim()) fields.donor_name = ["Enter your name, for your receipt."];
      var email = form.elements.donor_email.value.trim();
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) fields.donor_email = ["Enter your email address, e.g. name@example.org, for your receipt."];
      if (form.elements.tribute_kind.value && !form.elements.tribute_name.value.trim()) {
        fields.tribute_name = ["Enter the name of the person you are honouring or remembering."];
      }
      if (form.elements.tribute_kind.value && ecard) {
        // As the server checks it: any e-card field filled asks for a card, which needs a name and an address.
        var ecardEmail = form.elements.ecard_email.value.trim();
        var wanted = ecardEmail || form.elements.ecard_name.value.trim() || ecardMessageLength();
        if (wanted && !form.elements.ecard_name.value.trim()) {
          fields.ecard_name = ["Enter the name of the person who will receive the card."];
        }
        if (wanted && !ecardEmail) {
          fields.ecard_email = ["Enter their email address, so that we can send them the card."];
        } else if (ecardEmail && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(ecardEmail)) {
          fields.ecard_email = ["Enter their email address as name@example.org, so that the card reaches them."];
        }
        if (ecardMessageLength() > ecardLimit) {
          fields.ecard_message = ["Keep your message to " + ecardLimit + " characters: it has " + ecardMessageLength() + "."];
        }
      }
      return fields;
    }

    function thank(status) {
      var thanks = form.querySelector("[data-thanks]");
      var designation = form.querySelector(".donation-form__designation strong").textContent;
      var shareUrl = window.location.href.split("?")[0].split("#")[0];
      thanks.innerHTML = "";
      var heading = document.createElement("h3");
      var body = document.createElement("p");
      if (status === "succeeded") {
        heading.textContent = "Thank you for your gift!";
        body.textContent = "Your payment succeeded. Your receipt is on its way by email. Your gift supports " + designation + ".";
      } else {
        heading.textContent = "Your gift is being processed";
        body.textContent = "Your bank is still processing the payment; we will email your receipt once it completes.";
      }
      var share = document.createElement("p");
      var link = document.createElement("a");
      link.href = link.textContent = shareUrl;
      share.append("Share this page: ", link);
      thanks.append(heading, body, share);
      if (ecard && form.elements.tribute_kind.value && form.elements.ecard_email.value.trim()) {
        var card = document.createElement("p");
        card.textContent = "We will email your e-card to " + form.elements.ecard_name.value.trim() + " once your payment is confirmed.";
        thanks.append(card);
      }
      var monthlyLink = form.querySelector("[data-monthly-note] a");
      if (form.querySelector("[name=frequency]:checked").value === "monthly" && monthlyLink) {
        // Where a monthly donor changes or ends the gift: the receipt's private link, or a new one by email.
        var manage = document.createElement("p");
        var ask = document.createElement("a");
        ask.href = monthlyLink.href;
        ask.textContent = "Email me my link";
        manage.append("Your receipt brings a private link to change or end your monthly gift. Lost it? ", ask, ".");
        thanks.append(manage);
      }
      Array.prototype.forEach.call(form.children, function (child) {
        if (child !== thanks && child.tagName !== "INPUT") child.hidden = true;
      });
      thanks.hidden = false;
      thanks.focus();
      watchTotals();
    }

    // The webhook records the gift a moment after payment: poll the totals until they move.
    function watchTotals() {
      var section = form.closest("[data-totals-url]");
      if (!section) return;
      var before = section.querySelector("[data-raised]") ? section.querySelector("[data-raised]").textContent : null;
      var tries = 0;
      var timer = setInterval(function () {
        tries += 1;
        fetchTotals(section)
          .then(function () {
            var raised = section.querySelector("[data-raised]");
            if ((raised && raised.textContent !== before) || tries > 20) clearInterval(timer);
          })
          .catch(function () { if (tries > 20) clearInterval(timer); });
      }, 1500);
    }

    form.addEventListener("submit", async function (event) {
      event.preventDefault();
      if (busy) return;
      formError.textContent = "";
      var fields = problems();
      showErrors(fields);
      if (Object.keys(fields).length) return;
      if (!stripe) {
        formError.textContent = "The payment form is still loading; please try again in a moment.";
        return;
      }
      // aria-disabled rather than disabled: a disabled button would drop the keyboard focus.
      busy = true;
      submit.setAttribute("aria-disabled", "true");
      submit.textContent = "Processing…";
      var thanked = false;
      try {
        await (solving || solve());
        if (usesPaymentElement) {
          var submitted = await elements.submit();
          if (submitted.error) throw new Error(submitted.error.message);
        } else {
          var tokenResult = await stripe.createToken(paymentElement);
          if (tokenResult.error) throw new Error(tokenResult.error.message || "Check your card details.");
          form.querySelector("[name=payment_token]").value = tokenResult.token.id;
        }
        // The page carries no CSRF token (it may come from the page cache): ask for this visitor's own.
        var token = await fetch(data.tokenUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (answer) { return answer.json(); });
        form.querySelector("[name=csrfmiddlewaretoken]").value = token.csrf_token;
        var response = await fetch(form.action, {
          method: "POST",
          body: new FormData(form),
          headers: { "X-Requested-With": "fetch", Accept: "application/json" },
          credentials: "same-origin",
        });
        var payment = await response.json().catch(function () { return { error: "Something went wrong. Nothing was charged." }; });
        if (!response.ok && payment.fields) {
          showErrors(payment.fields);
          return;
        }
        if (!response.ok) throw new Error(payment.error);
        var status = payment.status;
        if (usesPaymentElement) {
          var returnUrl = new URL(data.thankYouUrl, window.location.href).href;
          var confirmed = await stripe.confirmPayment({
            elements: elements, clientSecret: payment.client_secret,
            confirmParams: { return_url: returnUrl }, redirect: "if_required",
          });
          if (confirmed.error) throw new Error(confirmed.error.message);
          status = confirmed.paymentIntent.status;
        } else if (status === "requires_action") {
          var authenticated = await stripe.confirmCardPayment(payment.client_secret);
          if (authenticated.error) throw new Error(authenticated.error.message || "Your bank did not authorise the payment.");
          status = authenticated.paymentIntent.status;
        }
        if (status === "succeeded" || status === "processing") {
          thanked = true;
          thank(status);
        } else {
          throw new Error("The payment did not go through (" + status + "). Nothing was charged; please try another card.");
        }
      } catch (error) {
        formError.textContent = error.message || "Something went wrong. Nothing was charged; please try again.";
        form.querySelector("[name=submission_id]").value = newSubmissionId();
      } finally {
        if (!thanked) solve();  // a solution is good for one attempt: the next one gets its own
        busy = false;
        submit.removeAttribute("aria-disabled");
        submit.textContent = "Give";
      }
    });
  }

  function start() {
    document.querySelectorAll("[data-donation-form]").forEach(init);
    pollTotals();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
