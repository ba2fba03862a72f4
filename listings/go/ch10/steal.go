// One goroutine starts 64 goroutines, each a fixed amount of arithmetic.
// Each records the OS thread it ran on. The program prints how many threads
// ran them, and how many ran on another thread than the one that started
// them.
package main

import (
	"fmt"
	"runtime"
	"sync"
	"syscall"
)

const goroutines = 64

// spin runs n steps of a xorshift generator and returns its last state.
func spin(n int) uint64 {
	x := uint64(88172645463325252)
	for i := 0; i < n; i++ {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
	}
	return x
}

func main() {
	// gettid: the thread this goroutine runs on at this moment.
	spawner := syscall.Gettid()
	ranOn := make([]int, goroutines)
	sink := make([]uint64, goroutines)
	var wg sync.WaitGroup
	for i := 0; i < goroutines; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			sink[i] = spin(2_000_000)
			ranOn[i] = syscall.Gettid()
		}(i)
	}
	wg.Wait()
	threads := map[int]bool{}
	elsewhere := 0
	for _, tid := range ranOn {
		threads[tid] = true
		if tid != spawner {
			elsewhere++
		}
	}
	fmt.Printf("GOMAXPROCS: %d\n", runtime.GOMAXPROCS(0))
	fmt.Printf("threads that ran the goroutines: %d\n", len(threads))
	fmt.Printf("goroutines on another thread than the spawner's: %d of %d\n", elsewhere, goroutines)
}
