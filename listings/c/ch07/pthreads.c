// Listing 7-1: four threads from pthread_create, counted while they wait.
#define _GNU_SOURCE
#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define THREADS 4

static pthread_barrier_t started, counted;
static pid_t tids[THREADS], pids[THREADS];

// The entries of /proc/self/task: one per OS thread of this process.
static int os_threads(void)
{
    DIR *dir = opendir("/proc/self/task");
    if (dir == NULL) {
        perror("/proc/self/task");
        exit(1);
    }
    int count = 0;
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL) {
        if (entry->d_name[0] != '.') {
            count++;
        }
    }
    closedir(dir);
    return count;
}

static void *worker(void *arg)
{
    long n = (long)arg;
    tids[n] = gettid();
    pids[n] = getpid();
    pthread_barrier_wait(&started); // every thread is alive now
    pthread_barrier_wait(&counted); // main has counted them
    return NULL;
}

int main(void)
{
    pthread_t threads[THREADS];
    pthread_barrier_init(&started, NULL, THREADS + 1);
    pthread_barrier_init(&counted, NULL, THREADS + 1);
    int before = os_threads();
    for (long n = 0; n < THREADS; n++) {
        int err = pthread_create(&threads[n], NULL, worker, (void *)n);
        if (err != 0) {
            fprintf(stderr, "pthread_create failed: error %d\n", err);
            return 1;
        }
    }
    pthread_barrier_wait(&started);
    int during = os_threads();
    pthread_barrier_wait(&counted);
    for (int n = 0; n < THREADS; n++) {
        pthread_join(threads[n], NULL);
    }

    int new_tids = 0, same_pid = 0;
    for (int n = 0; n < THREADS; n++) {
        int seen_before = tids[n] == gettid();
        for (int m = 0; m < n; m++) {
            seen_before |= tids[m] == tids[n];
        }
        new_tids += !seen_before;
        same_pid += pids[n] == getpid();
    }
    printf("OS threads before: %d\n", before);
    printf("OS threads while %d pthreads wait: %d\n", THREADS, during);
    printf("threads with the process id of main: %d\n", same_pid);
    printf("new kernel thread ids: %d\n", new_tids);
    return 0;
}
