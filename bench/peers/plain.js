// Benchmark peer for P2: read api/v/job from the fragment, fetch the job with the token, paint status.
const params = new URLSearchParams(location.hash.slice(1));
const api = params.get('api');
const url = `${api}/crm/bulk/${params.get('v') || 'v8'}/write/${params.get('job')}`;
const out = document.querySelector('[data-testid="job-status"]');
document.querySelector('[data-testid="connect"]').addEventListener('click', async () => {
  const token = document.querySelector('[data-testid="token-input"]').value;
  const res = await fetch(url, { headers: { Authorization: `Zoho-oauthtoken ${token}` } });
  const job = await res.json();
  out.dataset.status = String(job.status).toLowerCase();
  out.textContent = job.status;
});
