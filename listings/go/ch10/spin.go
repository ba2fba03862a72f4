// Two goroutines do the same fixed amount of arithmetic. The program
// prints how many seconds of CPU time the process used per second of wall
// time while they ran: about 2 if they ran side by side, at most 1 if
// they took turns.
package main

import (
	"fmt"
	"runtime"
	"sync"
	"syscall"
	"time"
)

// cpuTime is the CPU time all threads of this process have used so far.
func cpuTime() time.Duration {
	var usage syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &usage); err != nil {
		panic(err)
	}
	return time.Duration(usage.Utime.Nano() + usage.Stime.Nano())
}

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
	const goroutines, steps = 2, 100_000_000
	results := make([]uint64, goroutines)
	startCPU, start := cpuTime(), time.Now()
	var wg sync.WaitGroup
	for g := range results {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			results[g] = spin(steps)
		}(g)
	}
	wg.Wait()
	wall, cpu := time.Since(start), cpuTime()-startCPU
	fmt.Println("GOMAXPROCS:", runtime.GOMAXPROCS(0))
	fmt.Println("goroutines:", goroutines)
	fmt.Println("same result:", results[0] == results[1])
	fmt.Println("wall time:", wall.Round(time.Millisecond))
	fmt.Printf("CPU time / wall time: %.3f\n", cpu.Seconds()/wall.Seconds())
}
