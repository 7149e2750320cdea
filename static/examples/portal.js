// The portal page: where to look comes from the fragment (see examples.js); the token from the
// portal's sign-in. Everything the widget needs from the page is these few lines.
import { configure, signIn, logEvents } from './examples.js';

const job = document.getElementById('job');
configure(job);
signIn(document.getElementById('sign-in'), (token) => { job.token = token; });
logEvents(document, document.getElementById('events'));
