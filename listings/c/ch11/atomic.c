// The exercise with i declared _Atomic: every i++ and i-- is one atomic
// read-modify-write. No data race, and no lost update.
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

#define UPS 1000000
#define DOWNS 1000001

// ANCHOR: declaration
_Atomic int i = 0;
// ANCHOR_END: declaration

void *increment(void *unused)
{
    for (int k = 0; k < UPS; k++) {
        i++;
    }
    return unused;
}

void *decrement(void *unused)
{
    for (int k = 0; k < DOWNS; k++) {
        i--;
    }
    return unused;
}

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
