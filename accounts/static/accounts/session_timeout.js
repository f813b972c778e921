/*
 * The staff session's idle time-out, announced before it happens (HIPAA
 * automatic logoff): a couple of minutes before the server would sign the
 * user out, a warning with a "Stay signed in" button that pings the server.
 * The server decides (accounts/middleware.py); this only asks it how long is
 * left, which does not count as activity, so a forgotten tab still times out.
 */
(function () {
  'use strict';

  var script = document.currentScript;
  if (!script || document.body.classList.contains('login')) {
    return; // the sign-in pages: nobody (fully) signed in yet
  }
  var config = script.dataset;
  var idleSeconds = Number(config.idleSeconds);
  var warningSeconds = Number(config.warningSeconds);
  var timer = null;
  var countdown = null;
  var panel = null;

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) {
      return decodeURIComponent(match[1]);
    }
    var input = document.querySelector('input[name="csrfmiddlewaretoken"]');
    return input ? input.value : '';
  }

  function schedule(seconds) {
    window.clearTimeout(timer);
    timer = window.setTimeout(check, Math.max(seconds, 1) * 1000);
  }

  function ask(method, url) {
    var options = {
      method: method,
      credentials: 'same-origin',
      headers: { Accept: 'application/json' },
    };
    if (method === 'POST') {
      options.headers['X-CSRFToken'] = csrfToken();
    }
    return window.fetch(url, options).then(function (response) {
      var type = response.headers.get('Content-Type') || '';
      if (!response.ok || type.indexOf('application/json') === -1) {
        throw new Error('signed out');
      }
      return response.json();
    });
  }

  function minutes(seconds) {
    var whole = Math.max(0, Math.ceil(seconds / 60));
    return whole + (whole === 1 ? ' minute' : ' minutes');
  }

  function build() {
    panel = document.createElement('div');
    panel.className = 'accounts-timeout';
    panel.setAttribute('role', 'alertdialog');
    panel.setAttribute('aria-labelledby', 'accounts-timeout-heading');
    panel.setAttribute('aria-describedby', 'accounts-timeout-text');
    panel.hidden = true;
    panel.innerHTML =
      '<h2 id="accounts-timeout-heading">You will be signed out soon</h2>' +
      '<p id="accounts-timeout-text"></p>' +
      '<button type="button" class="button" data-accounts-stay>Stay signed in</button>';
    panel.querySelector('[data-accounts-stay]').addEventListener('click', stay);
    document.body.appendChild(panel);
  }

  function say(text) {
    panel.querySelector('#accounts-timeout-text').textContent = text;
  }

  function warn(times) {
    if (!panel) {
      build();
    }
    var left = Math.min(times.idle_seconds_left, times.session_seconds_left);
    var ending = times.session_seconds_left <= times.idle_seconds_left;
    var wasHidden = panel.hidden;
    panel.hidden = false;
    var deadline = Date.now() + left * 1000;
    window.clearInterval(countdown);
    function tick() {
      var secondsLeft = (deadline - Date.now()) / 1000;
      if (secondsLeft <= 0) {
        window.clearInterval(countdown);
        signedOut();
        return;
      }
      say(
        (ending
          ? 'Your session reaches its time limit in '
          : 'Nothing has happened here for a while. To protect patients’ information you will be signed out in ') +
          minutes(secondsLeft) +
          (ending ? '. Save your work now.' : '. Anything you typed is kept as a draft if it has been saved.'),
      );
    }
    tick();
    countdown = window.setInterval(tick, 15000);
    var button = panel.querySelector('[data-accounts-stay]');
    button.hidden = ending;
    if (wasHidden && !ending) {
      button.focus();
    }
    schedule(left);
  }

  function hide() {
    window.clearInterval(countdown);
    if (panel) {
      panel.hidden = true;
    }
  }

  function signedOut() {
    hide();
    if (!panel) {
      build();
    }
    panel.hidden = false;
    panel.querySelector('#accounts-timeout-heading').textContent = 'You have been signed out';
    var next = encodeURIComponent(window.location.pathname + window.location.search);
    panel.querySelector('#accounts-timeout-text').innerHTML =
      'Changes the editor saved automatically are kept as a draft. <a href="' +
      config.loginUrl + '?next=' + next + '">Sign in again</a>';
    panel.querySelector('[data-accounts-stay]').hidden = true;
    window.clearTimeout(timer);
  }

  function react(times) {
    var left = Math.min(times.idle_seconds_left, times.session_seconds_left);
    if (left <= 0) {
      signedOut();
    } else if (left <= warningSeconds) {
      warn(times);
    } else {
      hide();
      schedule(left - warningSeconds);
    }
  }

  function check() {
    ask('GET', config.statusUrl).then(react, signedOut);
  }

  function stay() {
    ask('POST', config.keepAliveUrl).then(react, signedOut);
  }

  schedule(idleSeconds - warningSeconds);
})();
