/*
 * SOCLE.KnowledgeCheck 1.0: one question with options, a Check button and feedback.
 * Written for Socle. Reports an xAPI "answered" statement with a score, and keeps its state
 * (chosen options, checked or not) through getCurrentState() so a learner can resume.
 * Text from the parameters is inserted as text, never as HTML. Plain-text parameters arrive
 * HTML-escaped, as H5P core's content filter stores them; they are decoded once first.
 */
(function (H5P) {
  'use strict';

  // A detached <textarea> parses its content as text only (no elements, no scripts), so it
  // turns "&amp;" back into "&" and nothing else happens.
  var decoder = document.createElement('textarea');

  function text(value) {
    if (value === undefined || value === null) {
      return '';
    }
    decoder.innerHTML = String(value);
    return decoder.value;
  }

  function KnowledgeCheck(params, contentId, contentData) {
    H5P.EventDispatcher.call(this);
    params = params || {};
    var l10n = params.l10n || {};
    this.question = text(params.question);
    this.options = (params.options || []).map(function (option) {
      return { text: text(option.text), correct: !!option.correct, feedback: text(option.feedback) };
    });
    this.explanation = text(params.explanation);
    this.l10n = {
      check: text(l10n.check) || 'Check',
      retry: text(l10n.retry) || 'Try again',
      correct: text(l10n.correct) || 'Correct.',
      incorrect: text(l10n.incorrect) || 'Not quite.',
      score: text(l10n.score) || 'Score: :num of :total',
      chooseFirst: text(l10n.chooseFirst) || 'Choose an answer first.'
    };
    this.contentId = contentId;
    this.multiple = this.options.filter(function (o) { return o.correct; }).length !== 1;
    var previous = contentData && contentData.previousState;
    this.selected = previous && Array.isArray(previous.selected) ? previous.selected.filter(function (i) {
      return typeof i === 'number';
    }) : [];
    this.checked = !!(previous && previous.checked);
  }

  KnowledgeCheck.prototype = Object.create(H5P.EventDispatcher.prototype);
  KnowledgeCheck.prototype.constructor = KnowledgeCheck;

  KnowledgeCheck.prototype.getMaxScore = function () {
    return this.multiple ? this.options.filter(function (o) { return o.correct; }).length : 1;
  };

  KnowledgeCheck.prototype.getScore = function () {
    var self = this;
    var right = 0;
    var wrong = 0;
    this.selected.forEach(function (i) {
      if (self.options[i] && self.options[i].correct) { right += 1; } else { wrong += 1; }
    });
    return Math.max(0, right - wrong);
  };

  KnowledgeCheck.prototype.getAnswerGiven = function () {
    return this.selected.length > 0;
  };

  KnowledgeCheck.prototype.getCurrentState = function () {
    return { selected: this.selected.slice(), checked: this.checked };
  };

  KnowledgeCheck.prototype.resetTask = function () {
    this.selected = [];
    this.checked = false;
    this.render();
  };

  KnowledgeCheck.prototype.showSolutions = function () {
    this.checked = true;
    this.render();
  };

  KnowledgeCheck.prototype.attach = function ($container) {
    this.root = document.createElement('div');
    this.root.className = 'socle-kc';
    $container.get(0).appendChild(this.root);
    this.render();
  };

  KnowledgeCheck.prototype.render = function () {
    var self = this;
    var root = this.root;
    if (!root) { return; }
    while (root.firstChild) { root.removeChild(root.firstChild); }

    var fieldset = document.createElement('fieldset');
    var legend = document.createElement('legend');
    legend.textContent = this.question;
    fieldset.appendChild(legend);
    var name = 'socle-kc-' + this.contentId;
    this.options.forEach(function (option, index) {
      var row = document.createElement('div');
      row.className = 'socle-kc__option';
      var input = document.createElement('input');
      input.type = self.multiple ? 'checkbox' : 'radio';
      input.name = name;
      input.id = name + '-' + index;
      input.value = String(index);
      input.checked = self.selected.indexOf(index) !== -1;
      input.disabled = self.checked;
      input.addEventListener('change', function () {
        if (self.multiple) {
          self.selected = self.selected.filter(function (i) { return i !== index; });
          if (input.checked) { self.selected.push(index); }
        } else {
          self.selected = [index];
        }
      });
      var label = document.createElement('label');
      label.htmlFor = input.id;
      label.textContent = option.text;
      if (self.checked && option.correct) { row.className += ' socle-kc__option--right'; }
      if (self.checked && input.checked && option.feedback) {
        var fb = document.createElement('span');
        fb.className = 'socle-kc__option-feedback';
        fb.textContent = option.feedback;
        label.appendChild(fb);
      }
      row.appendChild(input);
      row.appendChild(label);
      fieldset.appendChild(row);
    });
    root.appendChild(fieldset);

    var status = document.createElement('div');
    status.className = 'socle-kc__status';
    status.setAttribute('role', 'status');
    var actions = document.createElement('div');
    actions.className = 'socle-kc__actions';
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'socle-kc__button';
    button.textContent = this.checked ? this.l10n.retry : this.l10n.check;
    button.addEventListener('click', function () {
      if (self.checked) {
        self.resetTask();
        return;
      }
      if (!self.getAnswerGiven()) {
        status.textContent = self.l10n.chooseFirst;
        return;
      }
      self.check();
    });
    actions.appendChild(button);
    root.appendChild(actions);
    root.appendChild(status);

    if (this.checked) {
      var score = this.getScore();
      var max = this.getMaxScore();
      status.className += score === max ? ' socle-kc__status--right' : ' socle-kc__status--wrong';
      status.textContent = (score === max ? this.l10n.correct : this.l10n.incorrect) + ' ' +
        this.l10n.score.replace(':num', score).replace(':total', max);
      if (this.explanation) {
        var explanation = document.createElement('p');
        explanation.className = 'socle-kc__explanation';
        explanation.textContent = this.explanation;
        root.appendChild(explanation);
      }
    }
    this.trigger('resize');
  };

  KnowledgeCheck.prototype.check = function () {
    this.checked = true;
    this.render();
    var score = this.getScore();
    var max = this.getMaxScore();
    var event = this.createXAPIEventTemplate('answered');
    event.setScoredResult(score, max, this, true, score === max);
    this.trigger(event);
  };

  // H5P finds a runnable library's constructor by its machine name on window.
  window.SOCLE = window.SOCLE || {};
  window.SOCLE.KnowledgeCheck = KnowledgeCheck;
})(H5P);
