/* Listing 6-1: fork() copies a process. The child changes its copy of a
 * global variable; the parent's copy stays as it was. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int counter = 0;

int main(void) {
    printf("parent %d: counter = %d before fork\n", (int)getpid(), counter);
    fflush(stdout); /* or the child would inherit, and print, the buffer */
    pid_t child = fork();
    if (child < 0) {
        perror("fork");
        return 1;
    }
    if (child == 0) {
        counter = 42;
        printf("child  %d: counter = %d\n", (int)getpid(), counter);
        return 0;
    }
    int status;
    if (waitpid(child, &status, 0) != child || !WIFEXITED(status)) {
        perror("waitpid");
        return 1;
    }
    printf("parent %d: child %d has ended\n", (int)getpid(), (int)child);
    printf("parent %d: counter = %d\n", (int)getpid(), counter);
    return 0;
}
