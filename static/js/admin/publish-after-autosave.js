/*
 * Wagtail's page editor autosaves (WAGTAIL_AUTOSAVE_INTERVAL). On a new page the autosave creates the
 * page, and only when it answers does the form post to the page's edit view. An editor who clicks
 * Publish while an autosave is on its way would post to "add page" a second time: two pages with one
 * slug, and a server error for the editor. So a submission waits for the autosave on its way, then goes
 * where the form now points; and no autosave starts once the editor has submitted.
 */
(function () {
  'use strict';

  // Forms submitted again by this script once their autosave answered: not held a second time.
  var resuming = new WeakSet();
  var AUTOSAVE_PATIENCE_MS = 10000;

  document.addEventListener(
    'submit',
    function (event) {
      var form = event.target;
      if (!(form instanceof HTMLFormElement) || !/(^|\s)w-autosave(\s|$)/.test(form.dataset.controller || '')) {
        return;
      }
      if (resuming.has(form)) {
        resuming.delete(form);
        return;
      }
      // Wagtail's autosave indicator says "saving" from the moment an autosave is due until it answers.
      var indicator = document.getElementById('w-autosave-indicator');
      var saving = indicator !== null && indicator.getAttribute('data-w-autosave-state-value') === 'saving';
      form.setAttribute('data-w-autosave-active-value', 'false');
      if (!saving) {
        return;
      }
      event.preventDefault();
      event.stopImmediatePropagation();
      var submitter = event.submitter;
      var resumed = false;
      var resume = function () {
        if (resumed) {
          return;
        }
        resumed = true;
        clearTimeout(patience);
        form.removeEventListener('w-autosave:success', resume);
        form.removeEventListener('w-autosave:error', resume);
        // The button clicked (Publish, Submit for moderation...) is disabled by now while it shows its
        // progress: carry its name, or the edit view would only save a draft.
        if (submitter && submitter.name) {
          var carried = document.createElement('input');
          carried.type = 'hidden';
          carried.name = submitter.name;
          carried.value = submitter.value;
          form.appendChild(carried);
        }
        // The indicator still says "saving" here (it hears the same event after the form does).
        resuming.add(form);
        form.requestSubmit();
      };
      form.addEventListener('w-autosave:success', resume);
      form.addEventListener('w-autosave:error', resume);
      // An autosave that never answers (a stalled connection) does not leave the editor waiting on
      // "Publishing…": the submission goes after AUTOSAVE_PATIENCE_MS, as it would have without this.
      var patience = setTimeout(resume, AUTOSAVE_PATIENCE_MS);
    },
    true
  );
})();
