/* spor.js — small conveniences on top of pages that work without it.
 * Every form posts and every link works with scripts off; this file only
 * moves focus to the first field with an error after a failed submit and
 * keeps a form from being sent twice. */
(function () {
  'use strict';

  function focusFirstError() {
    var invalid = document.querySelector('[aria-invalid="true"]');
    if (invalid && typeof invalid.focus === 'function') {
      invalid.focus();
    }
  }

  function guardDoubleSubmit() {
    var forms = document.querySelectorAll('form[method="post"]');
    Array.prototype.forEach.call(forms, function (form) {
      form.addEventListener('submit', function (event) {
        if (form.dataset.sent === '1') {
          event.preventDefault();
          return;
        }
        form.dataset.sent = '1';
        window.setTimeout(function () { form.dataset.sent = ''; }, 5000);
      });
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    focusFirstError();
    guardDoubleSubmit();
  });
})();
