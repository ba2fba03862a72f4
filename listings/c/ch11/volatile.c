// The exercise with i declared volatile: every i++ and i-- now loads i from
// memory and stores it back, whatever the optimisation. Still a data race.
#include <pthread.h>
#include <stdio.h>

#define UPS 1000000
#define DOWNS 1000001

// ANCHOR: declaration
volatile int i = 0;
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
