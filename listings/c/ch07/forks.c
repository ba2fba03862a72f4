// The control of Listing 7-1: the same test, with four child processes
// made by fork in place of the four threads. The children write what they
// saw, and meet at the barriers, in memory that fork shares with them.
#define _GNU_SOURCE
#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define THREADS 4

struct shared {
    pthread_barrier_t started, counted;
    pid_t tids[THREADS], pids[THREADS];
};

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

int main(void)
{
    struct shared *s = mmap(NULL, sizeof *s, PROT_READ | PROT_WRITE,
                            MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (s == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    pthread_barrierattr_t attr;
    pthread_barrierattr_init(&attr);
    pthread_barrierattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
    pthread_barrier_init(&s->started, &attr, THREADS + 1);
    pthread_barrier_init(&s->counted, &attr, THREADS + 1);
    int before = os_threads();
    pid_t children[THREADS];
    for (int n = 0; n < THREADS; n++) {
        children[n] = fork();
        if (children[n] < 0) {
            perror("fork");
            return 1;
        }
        if (children[n] == 0) {
            s->tids[n] = gettid();
            s->pids[n] = getpid();
            pthread_barrier_wait(&s->started); // every child is alive now
            pthread_barrier_wait(&s->counted); // main has counted
            _exit(0);
        }
    }
    pthread_barrier_wait(&s->started);
    int during = os_threads();
    pthread_barrier_wait(&s->counted);
    for (int n = 0; n < THREADS; n++) {
        waitpid(children[n], NULL, 0);
    }

    int new_tids = 0, same_pid = 0;
    for (int n = 0; n < THREADS; n++) {
        int seen_before = s->tids[n] == gettid();
        for (int m = 0; m < n; m++) {
            seen_before |= s->tids[m] == s->tids[n];
        }
        new_tids += !seen_before;
        same_pid += s->pids[n] == getpid();
    }
    printf("OS threads before: %d\n", before);
    printf("OS threads while %d child processes wait: %d\n", THREADS, during);
    printf("threads with the process id of main: %d\n", same_pid);
    printf("new kernel thread ids: %d\n", new_tids);
    return 0;
}
