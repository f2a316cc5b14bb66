/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Progress bar: records, rate and ETA (by bytes read), on a terminal only. */
#include "progress.h"

#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

double progress_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

const char *progress_thousands(long long v, char *buf, int bufsz)
{
	char raw[32];
	int n = snprintf(raw, sizeof raw, "%lld", v < 0 ? -v : v);
	int o = 0;
	if (v < 0 && o < bufsz - 1)
		buf[o++] = '-';
	for (int i = 0; i < n && o < bufsz - 1; i++) {
		if (i && (n - i) % 3 == 0 && o < bufsz - 1)
			buf[o++] = ',';
		buf[o++] = raw[i];
	}
	buf[o] = '\0';
	return buf;
}

void progress_init(struct progress *p, const char *label, bool quiet)
{
	memset(p, 0, sizeof *p);
	p->label = label;
	p->enabled = !quiet && isatty(STDERR_FILENO);
	p->start = progress_now();
	p->width = 80;
	struct winsize ws;
	if (p->enabled && ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20)
		p->width = ws.ws_col;
}

void progress_update(struct progress *p, long long done, long long total, long long items)
{
	if (!p->enabled)
		return;
	double now = progress_now();
	if (p->drawn && now - p->last_draw < 0.1)
		return;
	p->last_draw = now;
	p->drawn = true;
	double el = now - p->start;
	char n[32], line[512], bar[128] = "";
	double rate = el > 0 ? (double)items / el : 0;
	int pct = -1;
	char eta[32] = "";
	if (total > 0) {
		double f = (double)done / (double)total;
		if (f > 1)
			f = 1;
		pct = (int)(f * 100);
		/* Eighth blocks give a smooth bar. */
		static const char *const parts[] = { "", "▏", "▎", "▍", "▌", "▋", "▊", "▉" };
		int cells = 20, eighths = (int)(f * cells * 8);
		size_t o = 0;
		for (int i = 0; i < cells; i++) {
			const char *s = eighths >= 8 ? "█" : parts[eighths > 0 ? eighths : 0];
			eighths -= 8;
			if (!*s)
				s = " ";
			size_t l = strlen(s);
			memcpy(bar + o, s, l);
			o += l;
		}
		bar[o] = '\0';
		if (f > 0.01) {
			int left = (int)(el / f - el + 0.5);
			snprintf(eta, sizeof eta, "  ETA %d:%02d", left / 60, left % 60);
		}
	}
	char r[32];
	if (rate >= 1000)
		snprintf(r, sizeof r, "%.1fk", rate / 1000);
	else
		snprintf(r, sizeof r, "%.0f", rate);
	if (pct >= 0)
		snprintf(line, sizeof line, "%s  %s %3d%%  %s records  %s rec/s%s", p->label, bar, pct,
			 progress_thousands(items, n, sizeof n), r, eta);
	else
		snprintf(line, sizeof line, "%s  %s records  %s rec/s", p->label,
			 progress_thousands(items, n, sizeof n), r);
	fprintf(stderr, "\r%s\033[K", line);
	fflush(stderr);
}

void progress_finish(struct progress *p)
{
	if (p->enabled && p->drawn) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
	p->drawn = false;
}
