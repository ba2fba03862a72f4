/* The control of Listing 6-1: the same steps, with a thread in place of the
 * child process. The thread shares the global variable and the process id,
 * so the parent sees its write. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

int counter = 0;
static pid_t child_tid;

static void *child(void *arg) {
    (void)arg;
    child_tid = gettid();
    counter = 42;
    printf("child  %d: counter = %d\n", (int)getpid(), counter);
    return NULL;
}

int main(void) {
    printf("parent %d: counter = %d before pthread_create\n", (int)getpid(), counter);
    pthread_t thread;
    int err = pthread_create(&thread, NULL, child, NULL);
    if (err != 0) {
        fprintf(stderr, "pthread_create failed: error %d\n", err);
        return 1;
    }
    pthread_join(thread, NULL);
    printf("parent %d: child %d has ended\n", (int)getpid(), (int)child_tid);
    printf("parent %d: counter = %d\n", (int)getpid(), counter);
    return 0;
}
