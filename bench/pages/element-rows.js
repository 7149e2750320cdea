// Builds one <bulkwatch-job> from the fragment (#api=…&job=…&rows=…); without a token it offers its
// own field, which the benchmark fills.
import '../../static/bulkwatch-element.js';

const params = new URLSearchParams(location.hash.slice(1));
const el = document.createElement('bulkwatch-job');
el.setAttribute('api-domain', params.get('api') ?? '');
el.setAttribute('job-id', params.get('job') ?? '');
if (params.get('rows')) el.setAttribute('rows', params.get('rows'));
document.body.append(el);
