/* spor.js — small conveniences on top of pages that work without it.
 * Every form posts and every link works with scripts off; this file only
 * moves focus to the first field with an error after a failed submit,
 * keeps a form from being sent twice, reads a chosen file into a
 * textarea (the instrument import: without a script, paste instead),
 * shows print buttons, and warns before unsaved meeting answers are left. */
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

  /* Buttons marked data-print (hidden without a script) print the page
   * with the print stylesheet. */
  function printButtons() {
    var buttons = document.querySelectorAll('button[data-print]');
    Array.prototype.forEach.call(buttons, function (button) {
      button.hidden = false;
      button.addEventListener('click', function () { window.print(); });
    });
    /* On paper the charts' data tables are shown open. */
    window.addEventListener('beforeprint', function () {
      var tables = document.querySelectorAll('details.chart-table');
      Array.prototype.forEach.call(tables, function (details) { details.open = true; });
    });
  }

  /* A form marked data-warn-unsaved (the assessment meeting) asks before
   * the page is left with changes that were not saved; every button of
   * the form saves, so sending it never asks. */
  function warnUnsaved() {
    var forms = document.querySelectorAll('form[data-warn-unsaved]');
    Array.prototype.forEach.call(forms, function (form) {
      var dirty = false;
      form.addEventListener('input', function () { dirty = true; });
      form.addEventListener('change', function () { dirty = true; });
      form.addEventListener('submit', function () { dirty = false; });
      window.addEventListener('beforeunload', function (event) {
        if (dirty) {
          event.preventDefault();
          event.returnValue = '';
        }
      });
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    focusFirstError();
    guardDoubleSubmit();
    fileIntoTextarea();
    printButtons();
    warnUnsaved();
  });
})();
