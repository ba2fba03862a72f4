// Listing 7-4: ten thousand goroutines, counted while they wait.
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"sync"
	"syscall"
)

var (
	goroutines = flag.Int("goroutines", 10000, "how many goroutines to start")
	// The check's control: runtime.LockOSThread wires each goroutine to the
	// OS thread it runs on, which then runs no other goroutine.
	lock = flag.Bool("lock", false, "wire each goroutine to an OS thread of its own")
)

// osThreads counts the entries of /proc/self/task: one per OS thread.
func osThreads() int {
	entries, err := os.ReadDir("/proc/self/task")
	if err != nil {
		panic(err)
	}
	return len(entries)
}

func main() {
	flag.Parse()
	var started, finished sync.WaitGroup
	release := make(chan struct{})
	tids := make([]int, *goroutines)
	started.Add(*goroutines)
	finished.Add(*goroutines)
	for n := 0; n < *goroutines; n++ {
		go func(n int) {
			defer finished.Done()
			if *lock {
				runtime.LockOSThread()
			}
			tids[n] = syscall.Gettid()
			started.Done()
			<-release // every goroutine waits here until main closes release
		}(n)
	}
	started.Wait()
	alive := runtime.NumGoroutine()
	threads := osThreads()
	close(release)
	finished.Wait()

	distinct := make(map[int]bool)
	for _, tid := range tids {
		distinct[tid] = true
	}
	fmt.Println("GOMAXPROCS:", runtime.GOMAXPROCS(0))
	fmt.Println("goroutines alive, main included:", alive)
	fmt.Println("kernel thread ids the goroutines started on:", len(distinct))
	fmt.Println("OS threads while they waited:", threads)
}
