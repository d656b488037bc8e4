/*
 * anemone-load: the echo scenarios' load generator for ./bench, in C so that at one message in
 * flight per connection it costs far less CPU than the server it measures (the Java generator
 * saturates its core there, and then it, not the server, sets the pace).
 *
 * One thread, one epoll set holding every connection and stdin, through which the harness
 * drives it:
 *
 *   -> OPEN <n>                 once all n connections are upgraded (or ERROR <text>, exit 1)
 *   <- GO                       start sending: `depth` messages in flight per connection
 *   <- SNAPSHOT                 -> SNAP <monotonic_ns> <messages> <errors> <p50_us> <p99_us> <p999_us>
 *                                  (messages and errors in total; latencies of the echoes since
 *                                  the previous SNAPSHOT or GO, NaN when there were none)
 *   <- QUIT, or end of input    exit 0
 *
 * Usage: anemone-load --port N [--path /echo] [--connections 100] [--depth 1] [--size 16]
 *                     [--binary] [--tls]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <unistd.h>

#include "conn.h"

/* Upgrades under way at once, so that the server's accept queue does not overflow; TLS
 * handshakes cost the server milliseconds each, so fewer of those (as in the Java generator). */
#define MAX_CONNECTING 128
#define MAX_TLS_CONNECTING 16
#define EVENTS_PER_WAIT 512

typedef struct {
    int connections;
    bool binary;
    char control[256];      /* a partial command line from stdin */
    size_t control_length;
} options;

static void usage_and_exit(void) {
    fprintf(stderr, "usage: anemone-load --port N [--path /echo] [--connections 100] [--depth 1] "
                    "[--size 16] [--binary] [--tls]\n");
    exit(2);
}

static long number(const char *text, long min, long max) {
    char *end;
    errno = 0;
    long value = strtol(text, &end, 10);
    if (errno != 0 || *end != '\0' || value < min || value > max) {
        fprintf(stderr, "anemone-load: not a number from %ld to %ld: %s\n", min, max, text);
        exit(2);
    }
    return value;
}

static void parse(int argc, char **argv, echo_run *run, options *opts) {
    static const struct option long_options[] = {
        {"port", required_argument, NULL, 'p'},
        {"path", required_argument, NULL, 'a'},
        {"connections", required_argument, NULL, 'c'},
        {"depth", required_argument, NULL, 'd'},
        {"size", required_argument, NULL, 's'},
        {"binary", no_argument, NULL, 'b'},
        {"tls", no_argument, NULL, 't'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    run->path = "/echo";
    run->depth = 1;
    run->payload_length = 16;
    opts->connections = 100;
    bool tls = false;
    int option;
    while ((option = getopt_long(argc, argv, "", long_options, NULL)) != -1) {
        switch (option) {
            case 'p': run->port = (int) number(optarg, 1, 65535); break;
            case 'a': run->path = optarg; break;
            case 'c': opts->connections = (int) number(optarg, 1, 1000000); break;
            case 'd': run->depth = (int) number(optarg, 1, 65536); break;
            case 's': run->payload_length = (size_t) number(optarg, 0, 1 << 24); break;
            case 'b': opts->binary = true; break;
            case 't': tls = true; break;
            default: usage_and_exit();
        }
    }
    if (run->port == 0 || optind != argc) {
        usage_and_exit();
    }
    if (tls && (run->tls = transport_tls_context()) == NULL) {
        exit(1);
    }
}

/* Text is ASCII (valid UTF-8); binary is a fixed pattern: echoes are checked by length only. */
static uint8_t *make_payload(size_t length, bool binary) {
    static const char unit[] = "anemone-bench:0123456789abcdef/";
    uint8_t *payload = malloc(length + 1);
    if (payload == NULL) {
        exit(1);
    }
    for (size_t i = 0; i < length; i++) {
        payload[i] = binary ? (uint8_t) ((i * 7 % 16) * 17) : (uint8_t) unit[i % (sizeof unit - 1)];
    }
    return payload;
}

/* A thousand connections and more need more descriptors than the usual soft limit of 1024. */
static void raise_descriptor_limit(void) {
    struct rlimit limit;
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

static void print_line(const char *format, ...) __attribute__((format(printf, 1, 2)));

static void print_line(const char *format, ...) {
    va_list args;
    va_start(args, format);
    vprintf(format, args);
    va_end(args);
    putchar('\n');
    fflush(stdout);  /* a pipe is block-buffered: the harness waits for this line */
}

static void print_micros(char *out, size_t capacity, const histogram *h, double percentile) {
    if (h->total == 0) {
        snprintf(out, capacity, "NaN");
    } else {
        snprintf(out, capacity, "%.1f", (double) histogram_percentile(h, percentile) / 1000.0);
    }
}

static void snapshot(echo_run *run) {
    char p50[32], p99[32], p999[32];
    print_micros(p50, sizeof p50, &run->latency, 50);
    print_micros(p99, sizeof p99, &run->latency, 99);
    print_micros(p999, sizeof p999, &run->latency, 99.9);
    print_line("SNAP %llu %llu %llu %s %s %s", (unsigned long long) monotonic_ns(),
            (unsigned long long) run->messages, (unsigned long long) run->errors, p50, p99, p999);
    histogram_reset(&run->latency);
}

/* Runs the harness's commands read from stdin; exits on QUIT or the end of input. */
static void control(echo_run *run, options *opts, conn *conns) {
    ssize_t n = read(STDIN_FILENO, opts->control + opts->control_length,
            sizeof opts->control - 1 - opts->control_length);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
        exit(0);
    }
    if (n < 0) {
        return;
    }
    opts->control_length += (size_t) n;
    opts->control[opts->control_length] = '\0';
    char *line = opts->control;
    char *end;
    while ((end = strchr(line, '\n')) != NULL) {
        *end = '\0';
        if (end > line && end[-1] == '\r') {
            end[-1] = '\0';
        }
        if (strcmp(line, "GO") == 0 && !run->sending) {
            run->sending = true;
            histogram_reset(&run->latency);
            for (int i = 0; i < opts->connections; i++) {
                conn_go(&conns[i], run);
            }
        } else if (strcmp(line, "SNAPSHOT") == 0) {
            snapshot(run);
        } else if (strcmp(line, "QUIT") == 0) {
            exit(0);
        } else if (*line != '\0') {
            fprintf(stderr, "anemone-load: unknown command %s\n", line);
        }
        line = end + 1;
    }
    opts->control_length = strlen(line);
    memmove(opts->control, line, opts->control_length + 1);
    if (opts->control_length == sizeof opts->control - 1) {
        opts->control_length = 0;  /* a line that long is no command: drop it */
    }
}

int main(int argc, char **argv) {
    static echo_run run;  /* static: the histogram is large for a stack */
    options opts = {0};
    parse(argc, argv, &run, &opts);
    run.opcode = opts.binary ? OP_BINARY : OP_TEXT;
    run.payload = make_payload(run.payload_length, opts.binary);
    if (getrandom(&run.mask_state, sizeof run.mask_state, 0) != sizeof run.mask_state || run.mask_state == 0) {
        run.mask_state = 0x9E3779B97F4A7C15u;
    }
    signal(SIGPIPE, SIG_IGN);  /* a server that goes away is an error to count, not a reason to die */
    raise_descriptor_limit();

    run.epoll_fd = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event stdin_event = {.events = EPOLLIN, .data.ptr = NULL};
    if (run.epoll_fd < 0 || epoll_ctl(run.epoll_fd, EPOLL_CTL_ADD, STDIN_FILENO, &stdin_event) < 0) {
        print_line("ERROR cannot watch stdin with epoll (it must be a pipe or a terminal): %s", strerror(errno));
        return 1;
    }
    conn *conns = calloc((size_t) opts.connections, sizeof *conns);
    if (conns == NULL) {
        print_line("ERROR out of memory");
        return 1;
    }
    int max_connecting = run.tls != NULL ? MAX_TLS_CONNECTING : MAX_CONNECTING;
    int started = 0;
    bool announced = false;
    struct epoll_event events[EVENTS_PER_WAIT];
    for (;;) {
        while (started < opts.connections && started - run.opened < max_connecting) {
            if (!conn_start(&conns[started], started, &run)) {
                break;
            }
            started++;
        }
        if (run.open_failure[0] != '\0') {
            print_line("ERROR %s", run.open_failure);
            return 1;
        }
        if (!announced && run.opened == opts.connections) {
            print_line("OPEN %d", run.opened);
            announced = true;
        }
        int ready = epoll_wait(run.epoll_fd, events, EVENTS_PER_WAIT, -1);
        if (ready < 0 && errno != EINTR) {
            print_line("ERROR epoll_wait: %s", strerror(errno));
            return 1;
        }
        for (int i = 0; i < ready; i++) {
            if (events[i].data.ptr == NULL) {
                control(&run, &opts, conns);
            } else {
                conn_event(events[i].data.ptr, &run, events[i].events);
            }
        }
    }
}
