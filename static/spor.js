/* spor.js — small conveniences on top of pages that work without it.
 * Every form posts and every link works with scripts off; this file only
 * moves focus to the first field with an error after a failed submit,
 * keeps a form from being sent twice, and reads a chosen file into a
 * textarea (the instrument import: without a script, paste instead). */
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

  function fileIntoTextarea() {
    var inputs = document.querySelectorAll('input[type="file"][data-fills]');
    Array.prototype.forEach.call(inputs, function (input) {
      var target = document.getElementById(input.getAttribute('data-fills'));
      var wrapper = input.closest('[hidden]');
      if (!target || typeof FileReader === 'undefined') {
        return;
      }
      if (wrapper) {
        wrapper.hidden = false;
      }
      input.addEventListener('change', function () {
        var file = input.files && input.files[0];
        if (!file) {
          return;
        }
        var reader = new FileReader();
        reader.onload = function () {
          target.value = reader.result;
          target.focus();
        };
        reader.readAsText(file);
      });
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    focusFirstError();
    guardDoubleSubmit();
    fileIntoTextarea();
  });
})();
