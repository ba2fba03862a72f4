// The exercise with a mutex: each thread holds the lock while it reads and
// writes i. No data race, and no lost update.
#include <pthread.h>
#include <stdio.h>

#define UPS 1000000
#define DOWNS 1000001

// ANCHOR: shared
int i = 0;
pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

void *increment(void *unused)
{
    for (int k = 0; k < UPS; k++) {
        pthread_mutex_lock(&lock);
        i++;
        pthread_mutex_unlock(&lock);
    }
    return unused;
}

void *decrement(void *unused)
{
    for (int k = 0; k < DOWNS; k++) {
        pthread_mutex_lock(&lock);
        i--;
        pthread_mutex_unlock(&lock);
    }
    return unused;
}
// ANCHOR_END: shared

int main(void)
{
    pthread_t up, down;
    if (pthread_create(&up, NULL, increment, NULL) != 0 ||
        pthread_create(&down, NULL, decrement, NULL) != 0) {
        fputs("cannot start a thread\n", stderr);
        return 1;
    }
    pthread_join(up, NULL);
    pthread_join(down, NULL);
    printf("i = %d\n", i);
    return 0;
}
