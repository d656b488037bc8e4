/*
 * The native half of dev.anemone.internal.Epoll: epoll, eventfd and socket calls for an event
 * loop that does without the JDK's selector. Every call answers a count or -errno; the Java side
 * words errors, so nothing here throws.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <jni.h>
#include <stdint.h>
#include <string.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>
#include <linux/io_uring.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

/* Kernel errno values end below this: the Java side's END_OF_STREAM. */
#define END_OF_STREAM (-4096)
/* WriteQueue.MAX_GATHER: the most buffers one gathering send takes. */
#define MAX_GATHER 64
/* Epoll.PEER_SIZE: what accept writes about the peer. */
#define PEER_SIZE 28
/* EpollPoller.MAX_EVENTS. */
#define MAX_EVENTS 1024

#define FN(name) Java_dev_anemone_internal_Epoll_##name

static jint failed(void) {
    return -errno;
}

JNIEXPORT jint JNICALL FN(create)(JNIEnv *env, jclass cls) {
    int fd = epoll_create1(EPOLL_CLOEXEC);
    return fd < 0 ? failed() : fd;
}

JNIEXPORT jint JNICALL FN(eventFd)(JNIEnv *env, jclass cls) {
    int fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    return fd < 0 ? failed() : fd;
}

JNIEXPORT jint JNICALL FN(control)(JNIEnv *env, jclass cls, jint epoll, jint op, jint fd, jint events, jint slot) {
    struct epoll_event event;
    memset(&event, 0, sizeof event);
    event.events = (uint32_t) events;
    event.data.u64 = (uint64_t) (uint32_t) slot;
    return epoll_ctl(epoll, op, fd, &event) < 0 ? failed() : 0;
}

JNIEXPORT jint JNICALL FN(await)(JNIEnv *env, jclass cls, jint epoll, jlong out, jint max, jint timeout) {
    struct epoll_event events[MAX_EVENTS];
    /* An address rather than the buffer: GetDirectBufferAddress would check the buffer's class on
       every poll. */
    int32_t *pairs = (int32_t *) (intptr_t) out;
    if (pairs == NULL) {
        return -EINVAL;
    }
    if (max > MAX_EVENTS) {
        max = MAX_EVENTS;
    }
    int count = epoll_wait(epoll, events, max, timeout);
    if (count < 0) {
        return errno == EINTR ? 0 : failed();
    }
    /* Two ints an event, so that the Java side reads one layout on every processor
       (struct epoll_event is packed on x86-64 only). */
    for (int i = 0; i < count; i++) {
        pairs[2 * i] = (int32_t) events[i].events;
        pairs[2 * i + 1] = (int32_t) events[i].data.u64;
    }
    return count;
}

JNIEXPORT jint JNICALL FN(signal)(JNIEnv *env, jclass cls, jint fd) {
    uint64_t one = 1;
    /* EAGAIN means the counter is full: the loop is woken already. */
    return write(fd, &one, sizeof one) < 0 && errno != EAGAIN ? failed() : 0;
}

JNIEXPORT jint JNICALL FN(drain)(JNIEnv *env, jclass cls, jint fd) {
    uint64_t count;
    return read(fd, &count, sizeof count) < 0 && errno != EAGAIN ? failed() : 0;
}

JNIEXPORT jint JNICALL FN(close)(JNIEnv *env, jclass cls, jint fd) {
    return close(fd) < 0 ? failed() : 0;
}

JNIEXPORT jint JNICALL FN(descriptor)(JNIEnv *env, jclass cls, jobject channel) {
    /* JNI reads a private field without the module system's leave, which reflection would need
       (--add-opens); the JDK's socket channels, server ones too, keep the number in fdVal. */
    jclass type = (*env)->GetObjectClass(env, channel);
    jfieldID field = (*env)->GetFieldID(env, type, "fdVal", "I");
    if (field == NULL) {
        (*env)->ExceptionClear(env);
        return -1;
    }
    return (*env)->GetIntField(env, channel, field);
}

JNIEXPORT jint JNICALL FN(accept)(JNIEnv *env, jclass cls, jint listener, jobject peer) {
    /* PEER_SIZE bytes: family (4 or 6), port, IPv6 scope, then the address's 4 or 16 bytes. */
    int32_t *out = (*env)->GetDirectBufferAddress(env, peer);
    if (out == NULL) {
        return -EINVAL;
    }
    struct sockaddr_storage address;
    int fd;
    for (;;) {
        socklen_t length = sizeof address;
        fd = accept4(listener, (struct sockaddr *) &address, &length, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            /* A connection reset while queued is gone, not a failure of accepting: take the next,
               as the JDK's accept does. */
            if (errno == EINTR || errno == ECONNABORTED) {
                continue;
            }
            return errno == EAGAIN || errno == EWOULDBLOCK ? -EAGAIN : failed();
        }
        int on = 1;
        if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on) == 0) {
            break;
        }
        /* Only a connection already broken refuses the option: it is dropped like a reset one,
           rather than counted as a failure of accepting, which would pause accepting. */
        close(fd);
    }
    memset(out, 0, PEER_SIZE);
    if (address.ss_family == AF_INET) {
        struct sockaddr_in *in = (struct sockaddr_in *) &address;
        out[0] = 4;
        out[1] = ntohs(in->sin_port);
        memcpy(out + 3, &in->sin_addr, 4);
    } else if (address.ss_family == AF_INET6) {
        struct sockaddr_in6 *in6 = (struct sockaddr_in6 *) &address;
        out[0] = 6;
        out[1] = ntohs(in6->sin6_port);
        out[2] = (int32_t) in6->sin6_scope_id;
        memcpy(out + 3, &in6->sin6_addr, 16);
    }
    return fd;
}

JNIEXPORT jint JNICALL FN(shutdownOutput)(JNIEnv *env, jclass cls, jint fd) {
    return shutdown(fd, SHUT_WR) < 0 ? failed() : 0;
}

JNIEXPORT jint JNICALL FN(recv)(JNIEnv *env, jclass cls, jint fd, jobject dst, jint position, jint length) {
    char *base = (*env)->GetDirectBufferAddress(env, dst);
    if (base == NULL) {
        return -EINVAL;
    }
    ssize_t n;
    do {
        n = recv(fd, base + position, (size_t) length, 0);
    } while (n < 0 && errno == EINTR);
    if (n > 0) {
        return (jint) n;
    }
    if (n == 0) {
        return END_OF_STREAM;
    }
    return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : failed();
}

JNIEXPORT jint JNICALL FN(send)(JNIEnv *env, jclass cls, jint fd, jobject src, jint position, jint length) {
    char *base = (*env)->GetDirectBufferAddress(env, src);
    if (base == NULL) {
        return -EINVAL;
    }
    ssize_t n;
    do {
        n = send(fd, base + position, (size_t) length, MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    if (n >= 0) {
        return (jint) n;
    }
    return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : failed();
}

JNIEXPORT jlong JNICALL FN(sendv)(JNIEnv *env, jclass cls, jint fd, jobjectArray srcs, jint offset, jintArray spans,
                                  jint count) {
    struct iovec iov[MAX_GATHER];
    jint pairs[2 * MAX_GATHER];
    if (count > MAX_GATHER) {
        return -EINVAL;
    }
    (*env)->GetIntArrayRegion(env, spans, 0, 2 * count, pairs);
    int used = 0;
    for (int i = 0; i < count; i++) {
        if (pairs[2 * i + 1] == 0) {
            continue; /* empty, and perhaps on the heap: nothing to send from it */
        }
        jobject src = (*env)->GetObjectArrayElement(env, srcs, offset + i);
        char *base = (*env)->GetDirectBufferAddress(env, src);
        (*env)->DeleteLocalRef(env, src);
        if (base == NULL) {
            return -EINVAL;
        }
        iov[used].iov_base = base + pairs[2 * i];
        iov[used].iov_len = (size_t) pairs[2 * i + 1];
        used++;
    }
    if (used == 0) {
        return 0;
    }
    struct msghdr message;
    memset(&message, 0, sizeof message);
    message.msg_iov = iov;
    message.msg_iovlen = (size_t) used;
    ssize_t n;
    do {
        n = sendmsg(fd, &message, MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    if (n >= 0) {
        return (jlong) n;
    }
    return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : failed();
}

JNIEXPORT jstring JNICALL FN(describe)(JNIEnv *env, jclass cls, jint error) {
    char text[256];
    /* The GNU strerror_r answers a pointer that may not be text. */
    const char *words = strerror_r(error, text, sizeof text);
    return (*env)->NewStringUTF(env, words);
}

JNIEXPORT jlong JNICALL FN(address)(JNIEnv *env, jclass cls, jobject buffer) {
    char *base = (*env)->GetDirectBufferAddress(env, buffer);
    return base == NULL ? -EINVAL : (jlong) (intptr_t) base;
}

/*
 * io_uring, for one thing only: to run a batch of recv and send calls on sockets epoll reported
 * ready in one system call where each would take one. Every operation carries MSG_DONTWAIT, so
 * none waits in the kernel: the batch is synchronous, and a call here returns with every
 * operation done, as if each had been made in turn.
 */
struct ring {
    int fd;
    unsigned entries;
    unsigned *sq_tail;
    unsigned sq_mask;
    unsigned *cq_head;
    unsigned *cq_tail;
    unsigned cq_mask;
    struct io_uring_sqe *sqes;
    struct io_uring_cqe *cqes;
    void *rings;
    size_t rings_size;
    size_t sqes_size;
};

/* One operation of a batch, as the Java side lays it out (IoRing): 24 bytes. */
struct ring_op {
    int32_t kind;
    int32_t fd;
    int64_t address;
    int32_t length;
    int32_t result;
};

#define OP_RECV 0
#define OP_SEND 1
/* An operation the batch did not get to: the Java side makes the call itself. */
#define NOT_RUN INT32_MIN

JNIEXPORT jlong JNICALL FN(ringOpen)(JNIEnv *env, jclass cls, jint entries) {
    /* No IORING_SETUP_SINGLE_ISSUER: a loop's poller is made on one thread and used on another,
       and a ring with it refuses every thread but the one that made it. */
    struct io_uring_params params;
    memset(&params, 0, sizeof params);
    int fd = (int) syscall(__NR_io_uring_setup, (unsigned) entries, &params);
    if (fd < 0) {
        return -errno;
    }
    if (!(params.features & IORING_FEAT_SINGLE_MMAP)) {
        close(fd);
        return -ENOSYS;
    }
    size_t sq_size = params.sq_off.array + params.sq_entries * sizeof(unsigned);
    size_t cq_size = params.cq_off.cqes + params.cq_entries * sizeof(struct io_uring_cqe);
    size_t rings_size = sq_size > cq_size ? sq_size : cq_size;
    size_t sqes_size = params.sq_entries * sizeof(struct io_uring_sqe);
    char *rings = mmap(NULL, rings_size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, IORING_OFF_SQ_RING);
    if (rings == MAP_FAILED) {
        int error = errno;
        close(fd);
        return -error;
    }
    void *sqes = mmap(NULL, sqes_size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, IORING_OFF_SQES);
    struct ring *ring = calloc(1, sizeof *ring);
    if (sqes == MAP_FAILED || ring == NULL) {
        int error = sqes == MAP_FAILED ? errno : ENOMEM;
        if (sqes != MAP_FAILED) {
            munmap(sqes, sqes_size);
        }
        munmap(rings, rings_size);
        close(fd);
        return -error;
    }
    ring->fd = fd;
    ring->entries = params.sq_entries;
    ring->sq_tail = (unsigned *) (rings + params.sq_off.tail);
    ring->sq_mask = *(unsigned *) (rings + params.sq_off.ring_mask);
    ring->cq_head = (unsigned *) (rings + params.cq_off.head);
    ring->cq_tail = (unsigned *) (rings + params.cq_off.tail);
    ring->cq_mask = *(unsigned *) (rings + params.cq_off.ring_mask);
    ring->sqes = sqes;
    ring->cqes = (struct io_uring_cqe *) (rings + params.cq_off.cqes);
    ring->rings = rings;
    ring->rings_size = rings_size;
    ring->sqes_size = sqes_size;
    /* The submission array maps slot i to entry i once and for all. */
    unsigned *array = (unsigned *) (rings + params.sq_off.array);
    for (unsigned i = 0; i < params.sq_entries; i++) {
        array[i] = i;
    }
    return (jlong) (intptr_t) ring;
}

/* Reaps what has completed into the operations' results; answers how many. */
static unsigned ring_reap(struct ring *ring, struct ring_op *ops) {
    unsigned head = *ring->cq_head;
    unsigned tail = __atomic_load_n(ring->cq_tail, __ATOMIC_ACQUIRE);
    unsigned reaped = 0;
    for (; head != tail; head++, reaped++) {
        struct io_uring_cqe *cqe = &ring->cqes[head & ring->cq_mask];
        ops[cqe->user_data].result = cqe->res;
    }
    __atomic_store_n(ring->cq_head, head, __ATOMIC_RELEASE);
    return reaped;
}

/* Runs ops[from, from + count), count at most the ring's entries; 0 or -errno. */
static int ring_run_some(struct ring *ring, struct ring_op *ops, unsigned from, unsigned count) {
    unsigned tail = *ring->sq_tail;
    for (unsigned i = from; i < from + count; i++, tail++) {
        struct io_uring_sqe *sqe = &ring->sqes[tail & ring->sq_mask];
        memset(sqe, 0, sizeof *sqe);
        sqe->opcode = ops[i].kind == OP_SEND ? IORING_OP_SEND : IORING_OP_RECV;
        sqe->fd = ops[i].fd;
        sqe->addr = (uint64_t) ops[i].address;
        sqe->len = (uint32_t) ops[i].length;
        sqe->msg_flags = MSG_DONTWAIT | (ops[i].kind == OP_SEND ? MSG_NOSIGNAL : 0);
        sqe->user_data = i;
        ops[i].result = NOT_RUN;
    }
    __atomic_store_n(ring->sq_tail, tail, __ATOMIC_RELEASE);
    unsigned submitted = 0;
    unsigned done = 0;
    while (done < count) {
        unsigned to_submit = count - submitted;
        /* The kernel waits for completions only once it took every entry offered. */
        int entered = (int) syscall(__NR_io_uring_enter, ring->fd, to_submit, count - done, IORING_ENTER_GETEVENTS,
                                    NULL, 0);
        if (entered < 0 && errno == EINTR) {
            continue;
        }
        if (entered < 0 || (to_submit > 0 && entered == 0)) {
            int error = entered < 0 ? errno : EAGAIN;
            /* Entries the kernel did not take are taken back, so that no later batch submits them;
               what did run still counts, and the rest stays NOT_RUN for the caller to make itself.
               With MSG_DONTWAIT an operation taken is done when the call returns. */
            __atomic_store_n(ring->sq_tail, tail - (count - submitted), __ATOMIC_RELEASE);
            ring_reap(ring, ops);
            return -error;
        }
        submitted += (unsigned) entered;
        done += ring_reap(ring, ops);
    }
    return 0;
}

JNIEXPORT jint JNICALL FN(ringRun)(JNIEnv *env, jclass cls, jlong handle, jlong table, jint count) {
    struct ring *ring = (struct ring *) (intptr_t) handle;
    struct ring_op *ops = (struct ring_op *) (intptr_t) table;
    for (unsigned from = 0; from < (unsigned) count; from += ring->entries) {
        unsigned some = (unsigned) count - from < ring->entries ? (unsigned) count - from : ring->entries;
        int result = ring_run_some(ring, ops, from, some);
        if (result < 0) {
            for (unsigned i = from + some; i < (unsigned) count; i++) {
                ops[i].result = NOT_RUN;
            }
            return result;
        }
    }
    return 0;
}

JNIEXPORT void JNICALL FN(ringClose)(JNIEnv *env, jclass cls, jlong handle) {
    struct ring *ring = (struct ring *) (intptr_t) handle;
    munmap(ring->sqes, ring->sqes_size);
    munmap(ring->rings, ring->rings_size);
    close(ring->fd);
    free(ring);
}
