// Two widgets, configured independently: #a-job=…&a-api=…&b-job=…&b-dc=… (see examples.js).
import { configure, signIn } from './examples.js';

for (const id of ['a', 'b']) {
  const widget = document.getElementById(id);
  configure(widget, `${id}-`);
  signIn(document.getElementById(`${id}-sign-in`), (token) => { widget.token = token; });
}
