// Benchmark peer for P4: poll the job every 2 s (one request in flight) until COMPLETED or FAILED.
const params = new URLSearchParams(location.hash.slice(1));
const url = `${params.get('api')}/crm/bulk/${params.get('v') || 'v8'}/write/${params.get('job')}`;
const out = document.querySelector('[data-testid="job-status"]');
document.querySelector('[data-testid="connect"]').addEventListener('click', () => {
  const token = document.querySelector('[data-testid="token-input"]').value;
  const poll = async () => {
    const res = await fetch(url, { headers: { Authorization: `Zoho-oauthtoken ${token}` } });
    const job = await res.json();
    const status = String(job.status).toLowerCase().replace(' ', '');
    out.dataset.status = status === 'inprogress' ? 'in_progress' : status;
    out.textContent = job.status;
    if (status !== 'completed' && status !== 'failed') setTimeout(poll, 2000);
  };
  poll();
});
