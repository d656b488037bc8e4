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
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

/* Kernel errno values end below this: the Java side's END_OF_STREAM. */
#define END_OF_STREAM (-4096)
/* WriteQueue.MAX_GATHER: the most buffers one gathering send takes. */
#define MAX_GATHER 64
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

JNIEXPORT jint JNICALL FN(await)(JNIEnv *env, jclass cls, jint epoll, jobject out, jint max, jint timeout) {
    struct epoll_event events[MAX_EVENTS];
    int32_t *pairs = (*env)->GetDirectBufferAddress(env, out);
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
